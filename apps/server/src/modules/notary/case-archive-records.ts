// The records of a 公证卷宗 its verifier reads, as schemas: case/case.json and case/decision.json.
// The archive writer (case-archive-contents.ts) builds them to these types and checks them before
// the manifest is signed; `netsign verify-archive` (verify-case-archive.ts) reads them only through
// them, so a record of another shape is a problem naming the file and the field, never a guess.
import { z, ZCaseSnapshot, ZInstant, ZSha256, ZUuid, ZVerificationRoute } from '@netsign/api';
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

/** A record's fields that break its schema: paths and zod codes, never values (a hostile file's text is not echoed). */
export function recordIssues(error: z.ZodError, max = 5): string {
  const fields = error.issues.map((i) => `${i.path.map(String).join('.') || '(root)'} (${i.code})`);
  return fields.length > max ? `${fields.slice(0, max).join(', ')} … +${fields.length - max}` : fields.join(', ');
}
