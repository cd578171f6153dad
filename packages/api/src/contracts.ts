import { z, ZUuid, ZDate } from './zod';
import { ZContractTermsInput } from './contract-terms';

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
  { key: 'legal_rep_id', label: '法定代表人身份证（正反面）', required: true, types: ['jpeg', 'png'], maxBytes: 10 << 20, minFiles: 2 },
  { key: 'presale_licence', label: '预售许可证', required: true, types: ['jpeg', 'png', 'pdf'], maxBytes: 10 << 20 },
  { key: 'other', label: '其他材料', required: false, types: ['jpeg', 'png', 'pdf'], maxBytes: 20 << 20, several: true },
  { key: 'signed_pages', label: '签字盖章页（纸质合同）', required: false, types: ['jpeg', 'png', 'pdf'], maxBytes: 50 << 20, paperOnly: true, several: true },
] as const satisfies readonly { key: string; label: string; required: boolean; types: readonly TFileKind[]; maxBytes: number; minFiles?: number; paperOnly?: boolean; several?: boolean }[];

/**
 * Whether the upload picker takes several files at once: a category that needs several (正反面:
 * minFiles 2) or collects several (其他材料, 签字盖章页). Each file is still its own upload.
 */
export function materialTakesSeveral(c: { key: string; minFiles?: number; several?: boolean }): boolean {
  return Boolean(c.several) || (c.minFiles ?? 1) > 1;
}
export type TMaterialCategory = (typeof MATERIAL_CATEGORIES)[number]['key'];
export const ZMaterialCategory = z.enum(MATERIAL_CATEGORIES.map((c) => c.key) as [TMaterialCategory, ...TMaterialCategory[]]);

export const ZCreateContractRequest = z.object({
  unitId: ZUuid,
  /** a draft may be saved half-filled; 提交 checks every field */
  terms: z.record(z.string(), z.unknown()).default({}),
});
export type TCreateContractRequest = z.infer<typeof ZCreateContractRequest>;
export const ZUpdateTermsRequest = z.object({ terms: z.record(z.string(), z.unknown()), version: z.number().int().optional() });

/** 合同密码: twice, at least 8 characters with letters and digits. */
export const ZSetPasswordRequest = z.object({
  password: z.string().min(8, '合同密码至少 8 位').max(64).regex(/[A-Za-z]/, '合同密码须含字母').regex(/\d/, '合同密码须含数字'),
  confirm: z.string(),
}).refine((v) => v.password === v.confirm, { path: ['confirm'], message: '两次输入的合同密码不一致' });

export const ZPushRequest = z.object({ notaryOfficeId: ZUuid });
export const ZCancelRequest = z.object({ password: z.string().min(1, '请输入合同密码'), reason: z.string().trim().min(2).max(500) });
export const ZContractQuery = z.object({
  status: z.string().optional(),
  projectId: ZUuid.optional(),
  q: z.string().trim().max(50).optional(),
  from: ZDate.optional(),
  to: ZDate.optional(),
  page: z.coerce.number().int().min(1).default(1),
  pageSize: z.coerce.number().int().min(1).max(200).default(20),
});
export const ZPublicQueryRequest = z.object({ businessNo: z.string().trim().min(4).max(40), password: z.string().min(1).max(64) });

export { ZContractTermsInput };
