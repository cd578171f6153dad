import { and, asc, eq } from 'drizzle-orm';
import { DomainError } from '@netsign/domain';
import type { Executor } from '../../platform/db';
import { organisations } from './tables';

/**
 * The transaction center that files contracts for units of a city (like the notary office, it must
 * be of the unit's city). A city with several centers files with the oldest one.
 */
export async function centerOfCity(tx: Executor, city: string): Promise<{ id: string; name: string }> {
  const [o] = await tx
    .select({ id: organisations.id, name: organisations.name })
    .from(organisations)
    .where(and(eq(organisations.kind, 'center'), eq(organisations.city, city)))
    .orderBy(asc(organisations.createdAt), asc(organisations.id))
    .limit(1);
  if (!o) throw new DomainError('NO_CENTER_FOR_CITY', `${city}尚无房地产交易中心，暂不能申请备案`, 409);
  return o;
}
