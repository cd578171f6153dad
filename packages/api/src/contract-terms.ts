import { ZIdentityDocumentKind, IDENTITY_DOCUMENT_LABELS } from '@netsign/domain/identity/documents';
import { z, ZFen, ZDate, ZPhone, ZArea } from './zod';

/** Who a buyer is by region: decides face check (4.1) or document + video (4.2). */
export const ZBuyerRegion = z.enum(['mainland', 'hongkong', 'macao', 'taiwan', 'foreign']);
/** The identity document kinds of packages/domain, with their Chinese labels. */
export const ZIdType = ZIdentityDocumentKind;
export const ID_TYPE_LABELS = IDENTITY_DOCUMENT_LABELS;
export const REGION_LABELS: Record<z.infer<typeof ZBuyerRegion>, string> = {
  mainland: '中国大陆公民',
  hongkong: '香港居民',
  macao: '澳门居民',
  taiwan: '台湾居民',
  foreign: '外国人',
};

/** 第三条 计价方式 */
export const PRICING_METHODS = ['build_area', 'inner_area', 'whole'] as const;
export const PRICING_METHOD_LABELS: Record<(typeof PRICING_METHODS)[number], string> = {
  build_area: '按照建筑面积计算',
  inner_area: '按照套内建筑面积计算',
  whole: '按照套计算',
};
/** 第四条 付款方式 */
export const PAYMENT_METHODS = ['full', 'installment', 'mortgage'] as const;
export const PAYMENT_METHOD_LABELS: Record<(typeof PAYMENT_METHODS)[number], string> = {
  full: '一次性付款',
  installment: '分期付款',
  mortgage: '贷款方式付款',
};

/** 项目 楼栋 房号: how a unit is named on every page, list and message. */
export const unitLabel = (u: { projectName: string; building: string; number: string }) =>
  `${u.projectName} ${u.building} ${u.number}`;

export const ZBuyer = z.object({
  name: z.string().trim().min(1).max(100),
  region: ZBuyerRegion,
  nationality: z.string().trim().min(1).max(60).default('中国'),
  idType: ZIdType,
  idNumber: z.string().trim().min(5).max(30),
  phone: ZPhone,
  address: z.string().trim().min(1).max(200),
  /** 共有份额 in percent, for co-buyers */
  share: z.number().min(0).max(100).optional(),
});
export type TBuyer = z.infer<typeof ZBuyer>;

export const ZPayment = z.object({
  /** 一次性付款 | 分期付款 | 贷款方式付款 */
  method: z.enum(PAYMENT_METHODS),
  /** full: the whole price; installment: the first instalment; mortgage: the down payment */
  firstAmount: ZFen,
  firstDueDate: ZDate,
  installments: z
    .array(z.object({ amount: ZFen, dueDate: ZDate }))
    .max(24)
    .default([]),
  loanAmount: ZFen.optional(),
  loanType: z.enum(['commercial', 'provident_fund', 'combined']).optional(),
});

/** The fields of the national model text GF-2014-0171 a contract fills in. */
export const ZContractTermsInput = z.object({
  buyers: z.array(ZBuyer).min(1, '至少需要一名买受人').max(5, '买受人最多 5 人'),
  /** 第三条 计价方式 */
  pricing: z.object({
    method: z.enum(PRICING_METHODS),
    /** fen per m²; for 'whole' the price of the whole unit */
    unitPrice: ZFen,
    totalPrice: ZFen.positive(),
  }),
  payment: ZPayment,
  /** 第五章 交付 */
  delivery: z.object({
    date: ZDate,
    conditions: z.array(z.string().max(200)).max(10).default(['取得建设工程竣工验收备案证明文件', '取得房屋测绘报告']),
  }),
  /** 第十三条 面积差异处理: the model text's ±3 % rule, or terms agreed instead */
  areaDifference: z.object({ method: z.enum(['model_text', 'agreed']), agreedTerms: z.string().max(2000).optional() }),
  /** 第二十条 房屋登记 days after delivery */
  registrationDays: z.number().int().min(1).max(730).default(365),
  /** 违约责任: daily rates in 万分之 (per ten thousand) and the grace days */
  liabilities: z.object({
    lateDeliveryDailyRate: z.number().int().min(0).max(100).default(1),
    latePaymentDailyRate: z.number().int().min(0).max(100).default(1),
    graceDays: z.number().int().min(0).max(365).default(90),
  }),
  /** 前期物业管理 */
  propertyManagement: z.object({ company: z.string().max(100).default(''), feePerSquareMetre: ZFen.default(0) }),
  disputeResolution: z.object({
    method: z.enum(['court', 'arbitration']),
    arbitrationCommission: z.string().max(100).optional(),
  }),
  supplementaryTerms: z.string().max(10_000).default(''),
});
export type TContractTermsInput = z.input<typeof ZContractTermsInput>;
export type TContractTerms = z.infer<typeof ZContractTermsInput>;

/** Filled by the server from its own records, never by the clerk. */
export const ZContractParties = z.object({
  seller: z.object({
    name: z.string(),
    uscc: z.string(),
    address: z.string(),
    legalRepName: z.string(),
    phone: z.string(),
  }),
  unit: z.object({
    projectName: z.string(),
    city: z.string(),
    address: z.string(),
    building: z.string(),
    number: z.string(),
    floor: z.number().int(),
    use: z.string(),
    structure: z.string(),
    buildArea: ZArea,
    innerArea: ZArea,
    sharedArea: z.number().int().nonnegative(),
    presaleLicence: z.string(),
  }),
});
export type TContractParties = z.infer<typeof ZContractParties>;
