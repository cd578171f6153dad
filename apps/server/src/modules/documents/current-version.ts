// The newest file of an issued document: a renewal (renew-archive-timestamps.ts) records the same
// document with a newer archive time-stamp and points the old row to it. Downloads follow the
// pointers, so a holder gets the freshest evidence; every version stays on record.
import { eq } from 'drizzle-orm';
import type { AppContext, Executor } from '../../platform/app-context';
import { issuedDocuments } from './tables';

export async function currentVersion(ctx: AppContext, sha256: string, db: Executor = ctx.db): Promise<string> {
  let at = sha256;
  for (let i = 0; i < 64; i++) {
    const [row] = await db
      .select({ renewedTo: issuedDocuments.renewedTo })
      .from(issuedDocuments)
      .where(eq(issuedDocuments.sha256, at));
    if (!row?.renewedTo) return at;
    at = row.renewedTo;
  }
  return at;
}
