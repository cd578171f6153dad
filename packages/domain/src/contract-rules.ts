import type { RuleViolation } from './rule';
import { validateIdentityDocument, normaliseDocumentNumber, type TIdentityDocumentKind } from './identity/documents';

/** The parts of a contract the rules read (the API's TContractTerms has this shape). */
export interface ContractTermsForRules {
  buyers: { name: string; region: string; idType: TIdentityDocumentKind; idNumber: string; share?: number }[];
  pricing: { method: 'build_area' | 'inner_area' | 'whole'; unitPrice: number; totalPrice: number };
  payment: {
    method: 'full' | 'installment' | 'mortgage';
    firstAmount: number;
    firstDueDate: string;
    installments: { amount: number; dueDate: string }[];
    loanAmount?: number;
    loanType?: string;
  };
  delivery: { date: string };
  areaDifference: { method: 'model_text' | 'agreed'; agreedTerms?: string };
  disputeResolution: { method: 'court' | 'arbitration'; arbitrationCommission?: string };
}

export interface UnitForRules {
  buildArea: number;
  innerArea: number;
}

/** Which documents a buyer of each region may sign with. */
export const DOCUMENTS_BY_REGION: Record<string, TIdentityDocumentKind[]> = {
  mainland: ['CN_RESIDENT_ID'],
  hongkong: ['HK_MO_PERMIT', 'HMT_RESIDENCE_PERMIT', 'PASSPORT'],
  macao: ['HK_MO_PERMIT', 'HMT_RESIDENCE_PERMIT', 'PASSPORT'],
  taiwan: ['TW_PERMIT', 'HMT_RESIDENCE_PERMIT', 'PASSPORT'],
  foreign: ['PASSPORT', 'FOREIGN_PR_CARD'],
};

const yuan = (fen: number) => (fen / 100).toFixed(2);

/**
 * Every rule of the model text a filled contract must keep, each reported at its field.
 * `today` is the signing day (Asia/Shanghai, YYYY-MM-DD).
 */
export function checkContractTerms(t: ContractTermsForRules, unit: UnitForRules, today: string): RuleViolation[] {
  const v: RuleViolation[] = [];
  const add = (field: string, code: string, message: string) => v.push({ field, code, message });

  const seen = new Map<string, number>();
  t.buyers.forEach((b, i) => {
    const allowed = DOCUMENTS_BY_REGION[b.region] ?? [];
    if (!allowed.includes(b.idType))
      add(`buyers.${i}.idType`, 'ID_TYPE_NOT_FOR_REGION', `买受人${i + 1}的证件类型与其国籍/地区不符`);
    const r = validateIdentityDocument(b.idType, b.idNumber, { field: `buyers.${i}.idNumber`, today });
    if (!r.ok) v.push(...r.violations.map((x) => ({ ...x, message: `买受人${i + 1}：${x.message}` })));
    const key = `${b.idType}:${normaliseDocumentNumber(b.idNumber)}`;
    if (seen.has(key))
      add(`buyers.${i}.idNumber`, 'BUYER_DUPLICATE', `买受人${i + 1}与买受人${seen.get(key)! + 1}的证件号码相同`);
    seen.set(key, i);
  });
  if (t.buyers.length > 1) {
    const total = t.buyers.reduce((s, b) => s + (b.share ?? 0), 0);
    if (t.buyers.some((b) => b.share === undefined)) add('buyers', 'SHARE_REQUIRED', '共同买受人须填写各自的共有份额');
    else if (Math.abs(total - 100) > 1e-9) add('buyers', 'SHARE_SUM', `共有份额合计应为 100%，现为 ${total}%`);
  }

  const p = t.pricing;
  if (p.method !== 'whole') {
    const area = p.method === 'build_area' ? unit.buildArea : unit.innerArea;
    const expected = Math.round((p.unitPrice * area) / 100);
    // the model text prices by area: the total must be unit price × area, to the yuan
    if (Math.abs(expected - p.totalPrice) > 100) {
      add(
        'pricing.totalPrice',
        'PRICE_MISMATCH',
        `总价款应为单价 × 面积 = ${yuan(expected)} 元，现填 ${yuan(p.totalPrice)} 元`,
      );
    }
  }

  const pay = t.payment;
  const paid =
    pay.firstAmount +
    pay.installments.reduce((s, x) => s + x.amount, 0) +
    (pay.method === 'mortgage' ? (pay.loanAmount ?? 0) : 0);
  if (pay.method === 'mortgage') {
    if (!pay.loanAmount) add('payment.loanAmount', 'LOAN_REQUIRED', '贷款方式付款须填写贷款金额');
    if (!pay.loanType) add('payment.loanType', 'LOAN_TYPE_REQUIRED', '贷款方式付款须选择贷款类型');
  }
  if (pay.method === 'full' && pay.installments.length)
    add('payment.installments', 'FULL_NO_INSTALLMENTS', '一次性付款不应有分期');
  if (pay.method === 'installment' && !pay.installments.length)
    add('payment.installments', 'INSTALLMENTS_REQUIRED', '分期付款须填写各期金额和日期');
  if (paid !== p.totalPrice)
    add('payment', 'PAYMENT_SUM', `各笔付款合计 ${yuan(paid)} 元，应等于总价款 ${yuan(p.totalPrice)} 元`);
  if (pay.firstDueDate < today) add('payment.firstDueDate', 'DATE_IN_PAST', '首期付款日期不能早于签约日');
  pay.installments.forEach((x, i) => {
    const prev = i === 0 ? pay.firstDueDate : pay.installments[i - 1].dueDate;
    if (x.dueDate < prev)
      add(`payment.installments.${i}.dueDate`, 'INSTALLMENT_ORDER', `第${i + 2}期付款日期应不早于前一期`);
  });

  if (t.delivery.date <= today) add('delivery.date', 'DELIVERY_NOT_FUTURE', '交付日期应晚于签约日');
  if (t.areaDifference.method === 'agreed' && !t.areaDifference.agreedTerms?.trim()) {
    add('areaDifference.agreedTerms', 'AGREED_TERMS_REQUIRED', '选择双方另行约定时须填写面积差异处理方式');
  }
  if (t.disputeResolution.method === 'arbitration' && !t.disputeResolution.arbitrationCommission?.trim()) {
    add('disputeResolution.arbitrationCommission', 'ARBITRATION_COMMISSION_REQUIRED', '选择仲裁时须填写仲裁委员会名称');
  }
  return v;
}
