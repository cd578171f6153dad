import { ZApplicationSteps, ZCaseSnapshot, ZSupplement } from '@netsign/api';
import type { z } from 'zod';
import { openPersonal } from '../../platform/personal-data';
import type { notaryCases, buyerApplications } from './tables';

// The notary's stored JSON (a case's snapshot, an application's steps and 补正) is checked against
// its schema once, where a row is loaded. A record that does not match is a server error naming the
// record and the failing paths, never used as if it did. The record is handed on as stored: the
// schema checks it but does not rewrite it (no key dropped, nothing trimmed or defaulted) — it is
// legal evidence, and steps are merged and written back.

/** A stored record that does not match its schema: the paths and zod codes, never the values. */
export class StoredRecordInvalidError extends Error {
  constructor(
    readonly record: string,
    readonly id: string,
    readonly issues: { path: string; code: string }[],
  ) {
    super(`${record} of ${id} does not match its schema: ${issues.map((i) => `${i.path} (${i.code})`).join(', ')}`);
    this.name = 'StoredRecordInvalidError';
  }
}

function check<T>(schema: z.ZodType, value: T, record: string, id: string): T {
  const r = schema.safeParse(value);
  if (!r.success) {
    const issues = r.error.issues.map((i) => ({ path: i.path.map(String).join('.') || '(root)', code: i.code }));
    throw new StoredRecordInvalidError(record, id, issues);
  }
  return value;
}

type StoredCase = Pick<typeof notaryCases.$inferSelect, 'id' | 'snapshot'>;
type StoredApplication = Pick<typeof buyerApplications.$inferSelect, 'id' | 'steps' | 'supplement'>;

/** A case row as loaded: ID numbers opened, the snapshot checked. */
export function loadedCase<T extends StoredCase>(row: T): T {
  const opened = openPersonal(row);
  check(ZCaseSnapshot, opened.snapshot, 'notary_cases.snapshot', row.id);
  return opened;
}

/** An application row as loaded: steps and 补正 checked. */
export function loadedApplication<T extends StoredApplication>(row: T): T {
  check(ZApplicationSteps, row.steps, 'buyer_applications.steps', row.id);
  if (row.supplement !== null) check(ZSupplement, row.supplement, 'buyer_applications.supplement', row.id);
  return row;
}
