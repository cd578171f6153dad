import { FILING_REVIEW_RESULTS, FILING_STATUSES } from '@netsign/domain/states/filing';
import { ZContractParties, ZContractTermsInput } from './contract-terms';
import { z, ZInstant, ZSha256, ZUuid } from './zod';
import { ZFilingCommand } from './commands';

/** The reason of a 退回, which the seller reads on the contract page. */
const ZReturnReason = z
  .string({ error: (i) => (i.input === undefined ? '退回须填写退回原因' : '退回原因须为文字') })
  .trim()
  .min(2, '退回原因至少 2 个字')
  .max(200, '退回原因最多 200 个字');

/**
 * 审核 (manual 7) and its result: 通过 (on to 备案), or 退回 with the reason the seller reads.
 * A reason sent with 通过 is dropped.
 */
export const ZFilingReviewRequest = z.discriminatedUnion(
  'result',
  [z.object({ result: z.literal('通过') }), z.object({ result: z.literal('退回'), reason: ZReturnReason })],
  { error: '审核结果须为「通过」或「退回」' },
);
export type TFilingReviewRequest = z.infer<typeof ZFilingReviewRequest>;
/** 退回 outside 审核: before 受理, or after 审核通过 and before 备案. */
export const ZFilingReturnRequest = z.object({ reason: ZReturnReason });

/** What a person reads for each recorded step of a contract (its audit chain, in order). */
const TIMELINE_TITLES: Record<string, string> = {
  'contract.created': '创建合同',
  'contract.submit': '提交合同',
  'contract.setPassword': '设置合同密码',
  'contract.pushToNotary': '生成电子合同并推送公证处',
  'contract.notaryReturned': '公证处退回',
  'contract.certificateIssued': '公证处出具公证书',
  'contract.applyFiling': '提交备案申请',
  'contract.submitPaper': '纸质合同提交交易中心',
  'contract.filingAccepted': '交易中心受理',
  'contract.filingReviewed': '交易中心审核通过',
  'contract.filingReturned': '交易中心退回备案申请',
  'contract.filed': '交易中心备案',
  'contract.cancel': '撤销合同',
};
/** The audit actions that are steps of the contract's timeline (not uploads or public queries). */
export const CONTRACT_TIMELINE_ACTIONS = Object.keys(TIMELINE_TITLES);

export function timelineTitle(action: string, data: { review?: string }): string {
  if (action === 'contract.filingReturned' && data.review === '退回') return '交易中心审核退回';
  return TIMELINE_TITLES[action] ?? action;
}

export const ZContractTimelineEntry = z.object({
  /** ISO 8601, shown in Beijing time */
  at: z.string(),
  action: z.string(),
  title: z.string(),
  /** the result of 审核, on its step */
  review: z.enum(FILING_REVIEW_RESULTS).nullable(),
  reason: z.string().nullable(),
  certificateNumber: z.string().nullable(),
  filingNumber: z.string().nullable(),
});
export const ZContractTimeline = z.object({ items: z.array(ZContractTimelineEntry) });
export type TContractTimeline = z.infer<typeof ZContractTimeline>;

// —— answers ——

/** The 受理 queue's filter: a status of the filing machine (none: all), a part of the 业务号. */
export const ZFilingQuery = z.object({
  status: z.enum(FILING_STATUSES).optional(),
  q: z.string().optional(),
  page: z.coerce.number().int().min(1).default(1),
  pageSize: z.coerce.number().int().min(1).max(200).default(20),
});

/**
 * What the seller applied with (the `filing.requested` message): the contract's parties and terms,
 * and the files the filing may show — the e-contract and 公证书 (notarized path) or the signed
 * paper pages among the 收件材料 (paper path). Buyers' ID numbers are opened: the center checks them.
 */
export const ZFilingSnapshot = z.object({
  parties: ZContractParties,
  terms: ZContractTermsInput,
  econtractSha256: ZSha256.nullable(),
  certificate: z.object({ number: z.string(), sha256: ZSha256 }).nullable(),
  materials: z.array(z.object({ category: z.string(), sha256: ZSha256, mime: z.string() })),
});
export type TFilingSnapshot = z.infer<typeof ZFilingSnapshot>;

/** A line of the 受理 queue. */
export const ZFilingListItem = z.object({
  id: ZUuid,
  contractId: ZUuid,
  businessNo: z.string(),
  path: z.enum(['notarized', 'paper']),
  status: z.enum(FILING_STATUSES),
  /** 项目 楼栋 房号 */
  unit: z.string(),
  seller: z.string(),
  filingNumber: z.string().nullable(),
  reviewResult: z.enum(FILING_REVIEW_RESULTS).nullable(),
  createdAt: ZInstant,
});
export const ZFilingPage = z.object({
  total: z.number().int(),
  page: z.number().int(),
  pageSize: z.number().int(),
  items: z.array(ZFilingListItem),
});
export type TFilingPage = z.infer<typeof ZFilingPage>;

/**
 * 备案申请 as its page shows it, and as every step (受理, 审核, 备案, 退回) answers: the application,
 * who of the center took each step (id and name) and when, its result, number and 备案证明.
 */
export const ZFilingView = z.object({
  id: ZUuid,
  contractId: ZUuid,
  businessNo: z.string(),
  path: z.enum(['notarized', 'paper']),
  status: z.enum(FILING_STATUSES),
  snapshot: ZFilingSnapshot,
  filingNumber: z.string().nullable(),
  /** SHA-256 of the signed 备案证明, once filed */
  recordFile: ZSha256.nullable(),
  /** the reason of a 退回 */
  reason: z.string().nullable(),
  acceptedBy: ZUuid.nullable(),
  acceptedByName: z.string().nullable(),
  acceptedAt: ZInstant.nullable(),
  reviewedBy: ZUuid.nullable(),
  reviewedByName: z.string().nullable(),
  reviewedAt: ZInstant.nullable(),
  reviewResult: z.enum(FILING_REVIEW_RESULTS).nullable(),
  decidedBy: ZUuid.nullable(),
  decidedByName: z.string().nullable(),
  decidedAt: ZInstant.nullable(),
  version: z.number().int(),
  createdAt: ZInstant,
  /** what the center may do next: the filing machine's commands allowed in this status (the page's buttons) */
  allowed: z.array(ZFilingCommand),
});
export type TFilingView = z.infer<typeof ZFilingView>;
