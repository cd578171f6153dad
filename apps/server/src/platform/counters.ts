import { sql } from 'drizzle-orm';
import type { Executor } from './db';

/**
 * The next value of a named counter, inside the caller's transaction: the row stays locked until
 * commit, and a rollback gives the number back, so numbers have no gaps and no duplicates.
 */
export async function nextCounter(tx: Executor, key: string): Promise<number> {
  const res: any = await tx.execute(sql`
    insert into counters (key, value) values (${key}, 1)
    on conflict (key) do update set value = counters.value + 1
    returning value`);
  return Number((res.rows ?? res)[0].value);
}
