import { IDENTITY_DOCUMENT_LABELS } from '@netsign/domain';
import type { TContractParties, TContractTerms, TBuyer } from '@netsign/api';
import type { TEContractData, TSeller, TBuyer as TDocBuyer, TUnit } from '@netsign/documents';

// From our records to the renderers' plain data: money from fen to yuan, areas from 0.01 m² to m².

const yuan = (fen: number) => fen / 100;
const m2 = (hundredths: number) => hundredths / 100;

export const sellerData = (p: TContractParties): TSeller => ({
  name: p.seller.name,
  uscc: p.seller.uscc,
  address: p.seller.address,
  legalRepresentative: p.seller.legalRepName,
  phone: p.seller.phone,
});

export const buyerData = (b: TBuyer): TDocBuyer => ({
  name: b.name,
  nationality: b.nationality,
  idType: IDENTITY_DOCUMENT_LABELS[b.idType] as TDocBuyer['idType'],
  idNumber: b.idNumber,
  address: b.address,
  phone: b.phone,
  share: b.share === undefined ? undefined : `${b.share}%`,
});

export const unitData = (p: TContractParties): TUnit => ({
  projectName: p.unit.projectName,
  location: p.unit.address,
  building: p.unit.building,
  room: p.unit.number,
  floor: String(p.unit.floor),
  use: p.unit.use,
  structure: p.unit.structure,
  buildingArea: m2(p.unit.buildArea),
  innerArea: m2(p.unit.innerArea),
  sharedArea: m2(p.unit.sharedArea),
  presaleLicence: p.unit.presaleLicence,
  mortgaged: false,
});

const PRICING = { build_area: '按照建筑面积计算', inner_area: '按照套内建筑面积计算', whole: '按照套计算' } as const;
const LOAN = { commercial: '商业贷款', provident_fund: '公积金贷款', combined: '组合贷款' } as const;

function payment(t: TContractTerms): TEContractData['payment'] {
  const p = t.payment;
  if (p.method === 'full') return { kind: 'lump', dueDate: p.firstDueDate };
  if (p.method === 'installment') {
    return {
      kind: 'installment',
      installments: [
        { dueDate: p.firstDueDate, amount: yuan(p.firstAmount) },
        ...p.installments.map((i) => ({ dueDate: i.dueDate, amount: yuan(i.amount) })),
      ],
    };
  }
  return {
    kind: 'loan',
    loanType: LOAN[p.loanType ?? 'commercial'],
    downPayment: yuan(p.firstAmount),
    downPaymentDueDate: p.firstDueDate,
    loanAmount: yuan(p.loanAmount ?? 0),
  };
}

/** The e-contract's data from the contract record and the images of its drawings. */
export function econtractData(o: {
  businessNo: string;
  parties: TContractParties;
  terms: TContractTerms;
  contractDate: string;
  floorPlans: Buffer[];
  drainagePlans: Buffer[];
  sellerSeal: boolean;
}): TEContractData {
  const { terms: t, parties: p } = o;
  return {
    businessNumber: o.businessNo,
    contractNumber: o.businessNo,
    contractDate: o.contractDate,
    signingPlace: p.unit.city,
    seller: sellerData(p),
    buyers: t.buyers.map(buyerData),
    unit: unitData(p),
    price: {
      method: PRICING[t.pricing.method],
      unitPrice: t.pricing.method === 'whole' ? undefined : yuan(t.pricing.unitPrice),
      total: yuan(t.pricing.totalPrice),
    },
    payment: payment(t),
    delivery: { date: t.delivery.date, conditions: t.delivery.conditions },
    areaDifference:
      t.areaDifference.method === 'agreed'
        ? { method: 'agreed', agreedText: t.areaDifference.agreedTerms }
        : { method: 'statutory' },
    registration: { filingWithinDays: 30, transferWithinDays: t.registrationDays },
    liabilities: {
      latePaymentGraceDays: t.liabilities.graceDays,
      latePaymentDailyRate: `万分之${t.liabilities.latePaymentDailyRate}`,
      lateDeliveryGraceDays: t.liabilities.graceDays,
      lateDeliveryDailyRate: `万分之${t.liabilities.lateDeliveryDailyRate}`,
      terminationPenaltyPercent: 10,
    },
    propertyManagement: {
      company: t.propertyManagement.company || undefined,
      fee: t.propertyManagement.feePerSquareMetre
        ? `${yuan(t.propertyManagement.feePerSquareMetre)} 元/平方米·月`
        : undefined,
    },
    disputeResolution: t.disputeResolution.method,
    arbitrationCommission: t.disputeResolution.arbitrationCommission,
    supplementaryTerms: t.supplementaryTerms
      .split(/\n+/)
      .map((s) => s.trim())
      .filter(Boolean),
    floorPlans: o.floorPlans.map((data, i) => ({ title: `房屋平面图${o.floorPlans.length > 1 ? i + 1 : ''}`, data })),
    drainagePlans: o.drainagePlans.map((data, i) => ({
      title: `排水布置示意图${o.drainagePlans.length > 1 ? i + 1 : ''}`,
      data,
    })),
    seals: { seller: o.sellerSeal, buyerSignatures: [] },
  };
}
