import { and, eq, ne, sql } from 'drizzle-orm';
import type { Executor } from '../../platform/db';
import { contracts } from './tables';

/**
 * Whether `phone` is a buyer's phone on a contract that was pushed to a notary office (and not
 * cancelled since): the only phones the buyer sign-in sends codes to.
 */
export async function isBuyerOnPushedContract(db: Executor, phone: string): Promise<boolean> {
  const rows = await db
    .select({ id: contracts.id })
    .from(contracts)
    .where(
      and(
        eq(contracts.path, 'notarized'),
        ne(contracts.status, '已撤销'),
        sql`${contracts.terms}->'buyers' @> ${JSON.stringify([{ phone }])}::jsonb`,
      ),
    )
    .limit(1);
  return rows.length > 0;
}
