// Plain data the renderers take. One zod schema per shape is the validator, the type and the doc.
// Dates are 'YYYY-MM-DD' strings (times ISO 8601); money is yuan as a number; images are Buffers.
// An optional field left out is a blank the contract leaves open and prints as ______.
import { z } from 'zod';

const date = z.string().regex(/^\d{4}-\d{2}-\d{2}$/, 'YYYY-MM-DD');
const image = z.custom<Uint8Array>((v) => v instanceof Uint8Array, 'PNG/JPEG bytes expected'); // PNG or JPEG bytes

export const ZImage = z.object({ title: z.string().optional(), data: image });
export type TImage = z.infer<typeof ZImage>;

export const ZSeller = z.object({
  name: z.string().min(1),
  uscc: z.string().min(1), // 统一社会信用代码
  address: z.string().optional(),
  legalRepresentative: z.string().optional(),
  phone: z.string().optional(),
  agent: z.string().optional(), // 委托代理人
  qualificationCertificate: z.string().optional(), // 资质证书号
});
export type TSeller = z.infer<typeof ZSeller>;

export const ZIdType = z.enum([
  '居民身份证',
  '护照',
  '港澳居民来往内地通行证',
  '台湾居民来往大陆通行证',
  '港澳台居民居住证',
  '外国人永久居留身份证',
  '其他',
]);
export const ZBuyer = z.object({
  name: z.string().min(1),
  nationality: z.string().default('中国'), // 国籍/地区
  idType: ZIdType.default('居民身份证'),
  idNumber: z.string().min(1),
  address: z.string().optional(),
  phone: z.string().optional(),
  postalCode: z.string().optional(),
  gender: z.enum(['男', '女']).optional(),
  birthDate: date.optional(),
  share: z.string().optional(), // 共有份额 e.g. '50%' or '共同共有'
});
export type TBuyer = z.infer<typeof ZBuyer>;

export const ZUnit = z.object({
  projectName: z.string().min(1),
  location: z.string().optional(), // 坐落
  building: z.string().min(1), // 幢/栋
  unitNumber: z.string().optional(), // 单元
  room: z.string().min(1), // 房号
  floor: z.string().min(1),
  totalFloors: z.number().int().optional(),
  use: z.string().default('住宅'),
  structure: z.string().optional(), // 钢筋混凝土结构 …
  ceilingHeight: z.number().optional(),
  buildingArea: z.number().positive(), // 建筑面积 m²
  innerArea: z.number().positive().optional(), // 套内建筑面积
  sharedArea: z.number().nonnegative().optional(), // 分摊共有建筑面积
  presaleLicence: z.string().min(1), // 预售许可证号
  landCertificate: z.string().optional(), // 国有土地使用证/不动产权证号
  planningPermit: z.string().optional(), // 建设工程规划许可证号
  constructionPermit: z.string().optional(), // 施工许可证号
  mortgaged: z.boolean().default(false),
});
export type TUnit = z.infer<typeof ZUnit>;

export const ZPrice = z.object({
  method: z.enum(['按照套内建筑面积计算', '按照建筑面积计算', '按照套计算']),
  unitPrice: z.number().nonnegative().optional(), // 元/m²; none when priced per 套
  total: z.number().positive(), // 元
});

export const ZPayment = z.discriminatedUnion('kind', [
  z.object({ kind: z.literal('lump'), dueDate: date.optional() }), // 一次性付款
  z.object({
    kind: z.literal('installment'), // 分期付款
    installments: z.array(z.object({ dueDate: date.optional(), amount: z.number().positive() })).min(1),
  }),
  z.object({
    kind: z.literal('loan'), // 贷款方式付款
    loanType: z.enum(['商业贷款', '公积金贷款', '组合贷款']).default('商业贷款'),
    downPayment: z.number().nonnegative(),
    downPaymentDueDate: date.optional(),
    loanAmount: z.number().nonnegative(),
    lender: z.string().optional(),
    applyBy: date.optional(), // 买受人办理贷款手续的期限
  }),
]);

export const ZLiabilities = z.object({
  latePaymentGraceDays: z.number().int().nonnegative().default(30), // 逾期付款不超过 N 日
  latePaymentDailyRate: z.string().default('万分之五'), // 违约金日比例
  lateDeliveryGraceDays: z.number().int().nonnegative().default(90),
  lateDeliveryDailyRate: z.string().default('万分之五'),
  terminationPenaltyPercent: z.number().nonnegative().default(10), // 解除合同时违约金占总价款比例
});

export const ZEContractData = z.object({
  businessNumber: z.string().min(1), // 业务号
  contractNumber: z.string().optional(), // 合同编号
  contractDate: date.optional(), // 签订日期
  signingPlace: z.string().default('中山市'),
  seller: ZSeller,
  buyers: z.array(ZBuyer).min(1),
  unit: ZUnit,
  price: ZPrice,
  payment: ZPayment,
  delivery: z
    .object({
      date: date.optional(),
      conditions: z.array(z.string()).default([]),
    })
    .default({ conditions: [] }),
  areaDifference: z
    .object({
      method: z.enum(['statutory', 'agreed']).default('statutory'), // statutory = GF-2014-0171 art. 13 ±3 %
      agreedText: z.string().optional(),
    })
    .default({ method: 'statutory' }),
  registration: z
    .object({
      filingWithinDays: z.number().int().positive().default(30), // art. 19
      transferWithinDays: z.number().int().positive().optional(), // art. 20: 交付之日起 N 日内办理转移登记
    })
    .default({ filingWithinDays: 30 }),
  liabilities: ZLiabilities.default({
    latePaymentGraceDays: 30,
    latePaymentDailyRate: '万分之五',
    lateDeliveryGraceDays: 90,
    lateDeliveryDailyRate: '万分之五',
    terminationPenaltyPercent: 10,
  }),
  propertyManagement: z.object({ company: z.string().optional(), fee: z.string().optional() }).default({}),
  warrantyYears: z.number().int().positive().optional(),
  disputeResolution: z.enum(['court', 'arbitration']).default('court'),
  arbitrationCommission: z.string().optional(),
  supplementaryTerms: z.array(z.string()).default([]), // 附件十一 补充协议
  floorPlans: z.array(ZImage).default([]), // 附件一 房屋平面图
  drainagePlans: z.array(ZImage).default([]), // 排水布置示意图, also in 附件一
  seals: z
    .object({
      seller: z.boolean().default(true), // draw the seller's red round seal at 出卖人（签章）
      buyerSignatures: z.array(image.nullable()).default([]), // index = buyers[i]; PNG with transparency works best
    })
    .default({ seller: true, buyerSignatures: [] }),
});
export type TEContractData = z.input<typeof ZEContractData>;
export type TEContract = z.output<typeof ZEContractData>;

// The three documents a buyer reads and agrees to when the notary office receives the case.
export const ZNotaryCaseData = z.object({
  caseNumber: z.string().min(1), // 案号
  officeName: z.string().min(1), // 公证处
  notaryName: z.string().optional(), // 承办公证员
  receivedAt: z.string().min(1), // ISO time the case was received
  contract: z.object({ businessNumber: z.string(), contractNumber: z.string().optional(), totalPrice: z.number() }),
  seller: ZSeller,
  buyer: ZBuyer, // the buyer this set is for
  buyerIndex: z.number().int().min(0).default(0), // that buyer's position in the contract (event certificates name it)
  coBuyers: z.array(z.string()).default([]), // other buyers' names
  unit: ZUnit,
  channel: z.enum(['mainland', 'non-mainland']).default('mainland'),
  usePlace: z.string().default('中国大陆'), // 公证书使用地
  copies: z.number().int().positive().default(2),
  signature: image.optional(), // the buyer's drawn signature, when already given
  signedAt: z.string().optional(),
});
export type TNotaryCaseData = z.input<typeof ZNotaryCaseData>;

export const ZCertificateBuyer = ZBuyer.extend({
  verification: z.enum(['face', 'document-video']), // 人脸识别 / 身份证明文件+佐证视频
  verifiedAt: z.string().optional(),
  /** the second identity check at 提交资料，完成 (manual 4.2): when, and what was compared with what result */
  secondCheck: z.object({ at: z.string(), summary: z.string().min(1) }).optional(),
  idFront: image.optional(),
  idBack: image.optional(),
  signature: image.optional(),
});

export const ZCertificateData = z.object({
  certificateNumber: z.string().min(1), // (2026)粤中山证字第1234号
  officeName: z.string().min(1),
  officeAddress: z.string().optional(),
  notaryName: z.string().min(1),
  issueDate: date,
  signingDate: date, // the day the contract was signed online
  verifyUrl: z.string().url(), // what the cover QR holds
  contract: z.object({ businessNumber: z.string(), contractNumber: z.string().optional() }),
  seller: ZSeller,
  buyers: z.array(ZCertificateBuyer).min(1),
  unit: ZUnit,
  eContractPdf: image, // the e-contract PDF bytes, appended page by page
  sellerLicence: image.optional(), // 营业执照
  legalRepIdFront: image.optional(),
  legalRepIdBack: image.optional(),
});
export type TCertificateData = z.input<typeof ZCertificateData>;

export const ZFilingData = z.object({
  filingNumber: z.string().min(1), // 备案号
  filingDate: date,
  centerName: z.string().default('中山市房地产交易管理事务中心'),
  businessNumber: z.string(),
  contractNumber: z.string().optional(),
  certificateNumber: z.string().optional(), // 公证书编号, when notarized
  seller: ZSeller,
  buyers: z.array(ZBuyer).min(1),
  unit: ZUnit,
  totalPrice: z.number().positive(),
  verifyUrl: z.string().url().optional(),
});
export type TFilingData = z.input<typeof ZFilingData>;
