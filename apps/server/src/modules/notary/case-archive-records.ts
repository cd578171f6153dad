// The records of a 公证卷宗 its verifier reads, as schemas: case/case.json, case/decision.json,
// audit/entries.json and audit/proofs/*.json. The archive writer (case-archive-contents.ts) builds
// them to these types and checks them before the manifest is signed; `netsign verify-archive`
// (verify-case-archive.ts) reads them only through them, so a record of another shape is a problem
// naming the file and the field — never a guess, and never a crash on a hostile archive.
import { z, ZCaseSnapshot, ZInstant, ZSha256, ZUuid, ZVerificationRoute } from '@netsign/api';
import { PROOF_FORMAT, type AuditProof } from '@netsign/domain/audit/proof';
import { APPLICATION_STATUSES } from '@netsign/domain/states/buyer-application';
import { CASE_STATUSES } from '@netsign/domain/states/notary-case';

export const ARCHIVE_FORMAT = 'netsign-case-archive/1';

/** case/case.json: the case, its office, the buyers, the contract as pushed, and the table of contents. */
export const ZArchivedCase = z.object({
  format: z.literal(ARCHIVE_FORMAT),
  case: z.object({
    id: ZUuid,
    businessNo: z.string(),
    /** 受理号: the intake record's reference */
    caseNumber: z.string().nullable(),
    status: z.enum(CASE_STATUSES),
    receivedAt: ZInstant,
    deadline: ZInstant,
    decidedAt: ZInstant.nullable(),
  }),
  office: z.object({ id: ZUuid, name: z.string(), uscc: z.string().nullable() }),
  applications: z.array(
    z.object({
      id: ZUuid,
      buyerIndex: z.number().int().nonnegative(),
      buyerName: z.string(),
      route: ZVerificationRoute,
      status: z.enum(APPLICATION_STATUSES),
    }),
  ),
  contract: ZCaseSnapshot.omit({ officeId: true }),
  /** every file with what it is; stored files with their SHA-256 */
  contents: z.array(z.object({ path: z.string(), sha256: ZSha256.optional(), what: z.string() })),
});
export type TArchivedCase = z.infer<typeof ZArchivedCase>;

/** case/decision.json: 审核结果, and the 公证书 it names (number, SHA-256, path) or the reason of a 驳回. */
export const ZArchivedDecision = z.object({
  outcome: z.enum(['approved', 'rejected', 'undecided']),
  status: z.enum(CASE_STATUSES),
  decidedAt: ZInstant.nullable(),
  decidedBy: z.object({ id: ZUuid, name: z.string() }).nullable(),
  certificateNumber: z.string().nullable(),
  certificateSha256: ZSha256.nullable(),
  certificatePath: z.string().nullable(),
  reason: z.string().nullable(),
});
export type TArchivedDecision = z.infer<typeof ZArchivedDecision>;

/** An audit entry as its chain hashes it (an audit_log row). */
const ZArchivedAuditEntry = z.object({
  aggregate: z.string(),
  aggSeq: z.number().int(),
  at: z.string(),
  actor: z.string(),
  orgId: z.string().nullable(),
  action: z.string(),
  entity: z.string(),
  entityId: z.string(),
  data: z.unknown(),
  prevHash: z.string(),
  hash: z.string(),
});
export type TArchivedAuditEntry = z.infer<typeof ZArchivedAuditEntry>;

/** audit/entries.json: each of the case's chains, whole from its first entry. */
export const ZArchivedAuditChains = z.object({
  format: z.literal('netsign-audit-chains/1'),
  chains: z.array(z.object({ aggregate: z.string(), entries: z.array(ZArchivedAuditEntry) })),
});

/** audit/proofs/*.json: the inclusion proof of a chain's last entry (netsign-audit-proof/1). */
export const ZArchivedAuditProof = z.object({
  format: z.literal(PROOF_FORMAT),
  entry: ZArchivedAuditEntry,
  following: z.array(z.string()),
  head: z.object({ aggregate: z.string(), seq: z.number().int(), hash: z.string() }),
  leafIndex: z.number().int(),
  path: z.array(z.string()),
  checkpoint: z.object({
    id: z.number().int(),
    at: z.string(),
    treeSize: z.number().int(),
    root: z.string(),
    prevHash: z.string(),
    hash: z.string(),
    signature: z.string(),
    timestampToken: z.string(),
  }),
}) satisfies z.ZodType<AuditProof>;

/** A record's fields that break its schema: paths and zod codes, never values (a hostile file's text is not echoed). */
export function recordIssues(error: z.ZodError, max = 5): string {
  const fields = error.issues.map((i) => `${i.path.map(String).join('.') || '(root)'} (${i.code})`);
  return fields.length > max ? `${fields.slice(0, max).join(', ')} … +${fields.length - max}` : fields.join(', ');
}
