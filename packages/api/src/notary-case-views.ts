import { APPLICATION_STATUSES } from '@netsign/domain/states/buyer-application';
import { CASE_STATUSES } from '@netsign/domain/states/notary-case';
import { z, ZInstant, ZSha256, ZUuid } from './zod';
import { ZVerificationRoute } from './buyer-views';
import { CASE_DOCUMENT_KINDS } from './notary';
import { ZApplicationEvidence, ZCaseSnapshot, ZSupplement } from './notary-evidence';
import { ZCaseCommand } from './commands';

// What the server answers to the notary's console (apps/server/src/modules/notary: case-views.ts,
// case-signatures.ts, staff-routes.ts); the console reads its pages with them.

/** 案件收件箱 filters: status tab, 业务号 search, order and page. */
export const ZCaseInboxQuery = z.object({
  /** one of the case machine's states (none: every case); an unknown one is a 400 naming the field */
  status: z.enum(CASE_STATUSES).optional(),
  q: z.string().trim().max(40).optional(),
  sort: z.enum(['received', 'deadline']).default('received'),
  page: z.coerce.number().int().min(1).default(1),
  pageSize: z.coerce.number().int().min(1).max(200).default(20),
});

/** One case of the inbox: buyers' progress, time since receipt, the 15-working-day deadline. */
export const ZCaseInboxRow = z.object({
  id: ZUuid,
  businessNo: z.string(),
  status: z.enum(CASE_STATUSES),
  receivedAt: ZInstant,
  deadline: ZInstant,
  /** counted with a year whose State Council arrangement is not loaded (estimated) */
  deadlineProvisional: z.boolean(),
  deadlineProvisionalYears: z.array(z.number().int()),
  workingDaysElapsed: z.number().int(),
  nearDeadline: z.boolean(),
  overdue: z.boolean(),
  unit: z.string(),
  seller: z.string(),
  buyers: z.array(z.object({ name: z.string(), status: z.enum(APPLICATION_STATUSES), route: ZVerificationRoute })),
  certificateNumber: z.string().nullable(),
});
export type TCaseInboxRow = z.infer<typeof ZCaseInboxRow>;
export const ZCaseInboxPage = z.object({
  total: z.number().int(),
  page: z.number().int(),
  pageSize: z.number().int(),
  items: z.array(ZCaseInboxRow),
});

/** One of a case's documents (the four each buyer reads, per buyer or shared). */
export const ZCaseDocumentView = z.object({
  id: ZUuid,
  /** null: shared by every buyer of the case */
  applicationId: ZUuid.nullable(),
  kind: z.enum(CASE_DOCUMENT_KINDS),
  title: z.string(),
  version: z.string(),
  fileSha256: ZSha256,
  pages: z.number().int(),
  createdAt: ZInstant,
});
export type TCaseDocumentView = z.infer<typeof ZCaseDocumentView>;

/** One buyer's application on the case page: status and the evidence side by side. */
export const ZCaseApplicationView = z.object({
  id: ZUuid,
  buyerIndex: z.number().int(),
  buyerName: z.string(),
  route: ZVerificationRoute,
  status: z.enum(APPLICATION_STATUSES),
  reason: z.string().nullable(),
  supplement: ZSupplement.nullable(),
  submittedAt: ZInstant.nullable(),
  evidence: ZApplicationEvidence,
  /** where the reference face came from (live, document); null before the first check */
  referenceSource: z.string().nullable(),
});
export type TCaseApplicationView = z.infer<typeof ZCaseApplicationView>;

/** An entry of the case's and its applications' audit chains (办理记录). */
export const ZCaseTimelineEntry = z.object({
  seq: z.number().int(),
  at: ZInstant,
  actor: z.string(),
  action: z.string(),
  entity: z.string(),
  entityId: z.string(),
  data: z.record(z.string(), z.unknown()),
});

/** 案件页面: the inbox row with the contract, documents, every buyer's evidence and the timeline. */
export const ZCaseDetail = ZCaseInboxRow.extend({
  snapshot: ZCaseSnapshot,
  reason: z.string().nullable(),
  decidedAt: ZInstant.nullable(),
  certificateSha256: ZSha256.nullable(),
  /** 公证卷宗, once the job has made it after the decision */
  archive: z.object({ size: z.number().int(), files: z.number().int(), madeAt: ZInstant }).nullable(),
  documents: z.array(ZCaseDocumentView),
  applications: z.array(ZCaseApplicationView),
  timeline: z.array(ZCaseTimelineEntry),
  /** what the notary may do next: the case machine's commands allowed in this status (the page's buttons) */
  allowed: z.array(ZCaseCommand),
});
export type TCaseDetail = z.infer<typeof ZCaseDetail>;

/** The case after 审核通过, 驳回 or 需补正. */
export const ZCaseDecision = z.object({
  id: ZUuid,
  businessNo: z.string(),
  status: z.enum(CASE_STATUSES),
  certificateNumber: z.string().nullable(),
  reason: z.string().nullable(),
  decidedAt: ZInstant.nullable(),
});
export type TCaseDecision = z.infer<typeof ZCaseDecision>;

/** 签名 tab: each signature of a case's document, as any verifier of the file reads it. */
export const ZCaseSignature = z.object({
  index: z.number().int(),
  signer: z.string().nullable(),
  role: z.string(),
  roleLabel: z.string(),
  buyerIndex: z.number().int().nullable(),
  type: z.enum(['certification', 'approval']),
  docMdp: z.number().int().nullable(),
  time: z.string().nullable(),
  timeSource: z.enum(['timestamp', 'claimed']),
  valid: z.boolean(),
  problems: z.array(z.string()),
});
export const ZCaseDocumentSignatures = z.object({
  id: z.string(),
  kind: z.string(),
  title: z.string(),
  applicationId: ZUuid.nullable(),
  sha256: ZSha256,
  valid: z.boolean(),
  verdict: z.string(),
  problems: z.array(z.object({ code: z.string(), message: z.string() })),
  signatures: z.array(ZCaseSignature),
});
export type TCaseDocumentSignatures = z.infer<typeof ZCaseDocumentSignatures>;
export const ZCaseSignatures = z.array(ZCaseDocumentSignatures);
