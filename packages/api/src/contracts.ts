import { CONTRACT_STATUSES, contractMachine, type ContractCommand } from '@netsign/domain/states/contract';
import { z, ZUuid, ZDate, ZInstant, ZSha256, ZFen } from './zod';
import { ZContractParties, ZContractTermsInput, type TContractTerms } from './contract-terms';
import { ZViolation } from './errors';

export const FILE_KINDS = ['jpeg', 'png', 'webp', 'pdf', 'webm', 'mp4'] as const;
export type TFileKind = (typeof FILE_KINDS)[number];

/**
 * 收件材料 categories: the left-side menu of the contract page. Drawings and the licence are
 * images because they are printed into the e-contract (附件一) and the 公证书.
 */
export const MATERIAL_CATEGORIES = [
  { key: 'floor_plan', label: '房屋平面图', required: true, types: ['jpeg', 'png'], maxBytes: 20 << 20 },
  { key: 'drainage_plan', label: '排水布置示意图', required: true, types: ['jpeg', 'png'], maxBytes: 20 << 20 },
  { key: 'business_licence', label: '出卖人营业执照', required: true, types: ['jpeg', 'png'], maxBytes: 10 << 20 },
  {
    key: 'legal_rep_id',
    label: '法定代表人身份证（正反面）',
    required: true,
    types: ['jpeg', 'png'],
    maxBytes: 10 << 20,
    minFiles: 2,
  },
  { key: 'presale_licence', label: '预售许可证', required: true, types: ['jpeg', 'png', 'pdf'], maxBytes: 10 << 20 },
  {
    key: 'other',
    label: '其他材料',
    required: false,
    types: ['jpeg', 'png', 'pdf'],
    maxBytes: 20 << 20,
    several: true,
  },
  {
    key: 'signed_pages',
    label: '签字盖章页（纸质合同）',
    required: false,
    types: ['jpeg', 'png', 'pdf'],
    maxBytes: 50 << 20,
    paperOnly: true,
    several: true,
  },
] as const satisfies readonly {
  key: string;
  label: string;
  required: boolean;
  types: readonly TFileKind[];
  maxBytes: number;
  minFiles?: number;
  paperOnly?: boolean;
  several?: boolean;
}[];

/**
 * Whether the upload picker takes several files at once: a category that needs several (正反面:
 * minFiles 2) or collects several (其他材料, 签字盖章页). Each file is still its own upload.
 */
export function materialTakesSeveral(c: { key: string; minFiles?: number; several?: boolean }): boolean {
  return Boolean(c.several) || (c.minFiles ?? 1) > 1;
}
export type TMaterialCategory = (typeof MATERIAL_CATEGORIES)[number]['key'];
export const ZMaterialCategory = z.enum(
  MATERIAL_CATEGORIES.map((c) => c.key) as [TMaterialCategory, ...TMaterialCategory[]],
);

export const ZCreateContractRequest = z.object({
  unitId: ZUuid,
  /** a draft may be saved half-filled; 提交 checks every field */
  terms: z.record(z.string(), z.unknown()).default({}),
});
export type TCreateContractRequest = z.infer<typeof ZCreateContractRequest>;
export const ZUpdateTermsRequest = z.object({
  terms: z.record(z.string(), z.unknown()),
  version: z.number().int().optional(),
});

/** 合同密码: twice, at least 8 characters with letters and digits. */
export const ZSetPasswordRequest = z
  .object({
    password: z
      .string()
      .min(8, '合同密码至少 8 位')
      .max(64)
      .regex(/[A-Za-z]/, '合同密码须含字母')
      .regex(/\d/, '合同密码须含数字'),
    confirm: z.string(),
  })
  .refine((v) => v.password === v.confirm, { path: ['confirm'], message: '两次输入的合同密码不一致' });

export const ZPushRequest = z.object({ notaryOfficeId: ZUuid });
export const ZCancelRequest = z.object({
  password: z.string().min(1, '请输入合同密码'),
  reason: z.string().trim().min(2).max(500),
});
/** the contract machine's states (packages/domain) */
export const ZContractStatus = z.enum(CONTRACT_STATUSES);
export const ZContractQuery = z.object({
  status: ZContractStatus.optional(),
  projectId: ZUuid.optional(),
  q: z.string().trim().max(50).optional(),
  from: ZDate.optional(),
  to: ZDate.optional(),
  page: z.coerce.number().int().min(1).default(1),
  pageSize: z.coerce.number().int().min(1).max(200).default(20),
});
export const ZPublicQueryRequest = z.object({
  businessNo: z.string().trim().min(4).max(40),
  password: z.string().min(1).max(64),
});

export { ZContractTermsInput };

// —— answers ——

/** 网签 or 纸质: chosen when the seller pushes to the notary office or submits the paper contract. */
export const ZContractPath = z.enum(['notarized', 'paper']);
/** The contract machine's commands: what the page may offer next. */
export const ZContractCommand = z.enum(
  Object.keys(contractMachine.commands) as [ContractCommand, ...ContractCommand[]],
);

/** One uploaded 收件材料 file (its bytes at GET …/materials/:materialId/file). */
export const ZMaterialFileView = z.object({
  id: ZUuid,
  category: ZMaterialCategory,
  fileName: z.string(),
  mime: z.string(),
  size: z.number().int(),
  fileSha256: ZSha256,
  createdAt: ZInstant,
});
export type TMaterialFileView = z.infer<typeof ZMaterialFileView>;
/** A 收件材料 category of the contract page's menu (MATERIAL_CATEGORIES) with the files it holds. */
export const ZMaterialCategoryView = z.object({
  key: ZMaterialCategory,
  label: z.string(),
  required: z.boolean(),
  types: z.array(z.enum(FILE_KINDS)),
  maxBytes: z.number().int(),
  minFiles: z.number().int().optional(),
  paperOnly: z.boolean().optional(),
  several: z.boolean().optional(),
  files: z.array(ZMaterialFileView),
});
export type TMaterialCategoryView = z.infer<typeof ZMaterialCategoryView>;

/** 合同页面: the contract as recorded (never its password hash), what may be done next, and its deadline. */
export const ZContractView = z.object({
  id: ZUuid,
  /** 业务号 */
  businessNo: z.string(),
  sellerOrgId: ZUuid,
  projectId: ZUuid,
  unitId: ZUuid,
  status: ZContractStatus,
  path: ZContractPath.nullable(),
  /** the GF-2014-0171 fields as saved: a draft may be half-filled, 提交 checks them (TContractTerms) */
  terms: z.record(z.string(), z.unknown()),
  parties: ZContractParties,
  totalPrice: ZFen.nullable(),
  notaryOfficeId: ZUuid.nullable(),
  notaryCaseId: ZUuid.nullable(),
  qrLink: z.string().nullable(),
  qrExpiresAt: ZInstant.nullable(),
  econtractFile: ZSha256.nullable(),
  econtractSha256: ZSha256.nullable(),
  certificateNumber: z.string().nullable(),
  certificateFile: ZSha256.nullable(),
  filingNumber: z.string().nullable(),
  filingRecordFile: ZSha256.nullable(),
  returnReason: z.string().nullable(),
  signedAt: ZInstant.nullable(),
  submittedAt: ZInstant.nullable(),
  createdBy: ZUuid,
  version: z.number().int(),
  createdAt: ZInstant,
  updatedAt: ZInstant,
  /** whether the 合同密码 is set (the hash itself is never sent) */
  passwordSet: z.boolean(),
  allowed: z.array(ZContractCommand),
  materials: z.array(ZMaterialCategoryView),
  missingForPush: z.array(ZViolation),
  missingForPaper: z.array(ZViolation),
  /**
   * GF-2014-0171 art. 19: 30 days after signing, a last day on a rest day moved to the next working
   * day (民法典 art. 203); null before signing. `provisionalYears`: years whose State Council
   * arrangement is not loaded, so the day was estimated from the statutory holidays.
   */
  filingDeadline: z.object({ date: ZDate, endsAt: ZInstant, provisionalYears: z.array(z.number().int()) }).nullable(),
  /** 项目 楼栋 房号 */
  unitLabel: z.string(),
});
export type TContractView = z.infer<typeof ZContractView>;

type DraftOf<T> = T extends readonly (infer U)[]
  ? DraftOf<U>[]
  : T extends object
    ? { [K in keyof T]?: DraftOf<T[K]> }
    : T;
/**
 * How a page reads `ZContractView.terms`: the fields of TContractTerms, any of which a draft may
 * still lack (the server keeps a half-filled draft as sent; 提交 checks every field).
 */
export type TContractTermsDraft = DraftOf<TContractTerms>;

/** A row of the contract list. */
export const ZContractListItem = z.object({
  id: ZUuid,
  businessNo: z.string(),
  status: ZContractStatus,
  path: ZContractPath.nullable(),
  /** 项目 楼栋 房号 */
  unit: z.string(),
  /** the buyers' names as the terms have them */
  buyers: z.array(z.string()),
  totalPrice: ZFen.nullable(),
  createdAt: ZInstant,
  updatedAt: ZInstant,
});
export type TContractListItem = z.infer<typeof ZContractListItem>;
export const ZContractPage = z.object({
  total: z.number().int(),
  page: z.number().int(),
  pageSize: z.number().int(),
  items: z.array(ZContractListItem),
});
export type TContractPage = z.infer<typeof ZContractPage>;

/** 审核填写信息: the broken rules, none when the contract may be submitted. */
export const ZContractCheck = z.object({ violations: z.array(ZViolation) });
export type TContractCheck = z.infer<typeof ZContractCheck>;

/** 查看二维码: the link the buyer scans (from the notary office), as SVG too. */
export const ZContractQr = z.object({ link: z.string(), expiresAt: ZInstant.nullable(), svg: z.string() });
export type TContractQr = z.infer<typeof ZContractQr>;

/** 删除收件材料 */
export const ZMaterialDeleted = z.object({ ok: z.literal(true) });

/** 面积差异处理 (第十三条): areas in 0.01 m², money in fen (packages/domain `settleAreaDifference`). */
export const ZAreaDifferenceSettlement = z.object({
  basis: z.enum(['BUILDING', 'INTERIOR']),
  contractedArea: z.number().int(),
  measuredArea: z.number().int(),
  unitPriceFen: z.number().int(),
  differenceArea: z.number().int(),
  /** 误差比, e.g. "+3.05%" */
  ratioPercent: z.string(),
  withinTolerance: z.boolean(),
  buyerMayTerminate: z.boolean(),
  contractedPriceFen: z.number().int(),
  measuredPriceFen: z.number().int(),
  buyerPaysFen: z.number().int(),
  sellerBearsFen: z.number().int(),
  refundFen: z.number().int(),
  beyondShortfallFen: z.number().int(),
  settledPriceFen: z.number().int(),
  explanation: z.string(),
});
export type TAreaDifferenceSettlement = z.infer<typeof ZAreaDifferenceSettlement>;
export const ZAreaDifferenceRequest = z.object({ measuredArea: z.number().int().positive().max(10_000_000) });

/** 合同查询锁定: failed public queries on the 业务号, and until when it is locked. */
export const ZQueryLock = z.object({
  failures: z.number().int(),
  locked: z.boolean(),
  lockedUntil: ZInstant.nullable(),
});
export type TQueryLock = z.infer<typeof ZQueryLock>;

/** 合同查询 (public, 业务号 + 合同密码): the status, never ID numbers. */
export const ZPublicContractStatus = z.object({
  businessNo: z.string(),
  status: ZContractStatus,
  /** the seller's name */
  seller: z.string(),
  /** 项目 楼栋 房号 */
  unit: z.string(),
  certificateNumber: z.string().nullable(),
  filingNumber: z.string().nullable(),
  updatedAt: ZInstant,
});
export type TPublicContractStatus = z.infer<typeof ZPublicContractStatus>;
