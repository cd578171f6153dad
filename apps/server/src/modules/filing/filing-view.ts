import { inArray } from 'drizzle-orm';
import { allowedCommands, filingMachine } from '@netsign/domain';
import type { TFilingView } from '@netsign/api';
import type { Jsonable } from '../../http/json-answers';
import type { Executor } from '../../platform/app-context';
import { users } from '../accounts/tables';
import type { FilingRow } from './decide-filing';

/**
 * The filing page (ZFilingView): the listed fields of the record (ID numbers opened by loadFiling),
 * and the names of the center's staff who took each step (受理, 审核, 备案/退回).
 */
export async function filingView(db: Executor, row: FilingRow): Promise<Jsonable<TFilingView>> {
  const ids = [row.acceptedBy, row.reviewedBy, row.decidedBy].filter((x): x is string => Boolean(x));
  const names = new Map(
    ids.length
      ? (await db.select({ id: users.id, name: users.displayName }).from(users).where(inArray(users.id, ids))).map(
          (u) => [u.id, u.name],
        )
      : [],
  );
  const name = (id: string | null) => (id ? (names.get(id) ?? null) : null);
  const s = row.snapshot;
  return {
    id: row.id,
    contractId: row.contractId,
    businessNo: row.businessNo,
    path: row.path,
    status: row.status,
    snapshot: {
      parties: s.parties,
      terms: s.terms,
      econtractSha256: s.econtractSha256,
      certificate: s.certificate,
      materials: s.materials,
    },
    filingNumber: row.filingNumber,
    recordFile: row.recordFile,
    reason: row.reason,
    acceptedBy: row.acceptedBy,
    acceptedByName: name(row.acceptedBy),
    acceptedAt: row.acceptedAt,
    reviewedBy: row.reviewedBy,
    reviewedByName: name(row.reviewedBy),
    reviewedAt: row.reviewedAt,
    reviewResult: row.reviewResult,
    decidedBy: row.decidedBy,
    decidedByName: name(row.decidedBy),
    decidedAt: row.decidedAt,
    version: row.version,
    createdAt: row.createdAt,
    allowed: allowedCommands(filingMachine, row.status),
  };
}
