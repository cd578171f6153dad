import { eq } from 'drizzle-orm';
import type { TContractParties } from '@netsign/api';
import type { Executor } from '../../platform/db';
import { organisations } from './tables';
import { notFound } from '../../http/errors';

/** A seller company as a contract names it. */
export async function describeSeller(tx: Executor, orgId: string): Promise<TContractParties['seller']> {
  const [o] = await tx.select().from(organisations).where(eq(organisations.id, orgId));
  if (!o || o.kind !== 'seller') throw notFound('房地产开发企业');
  return {
    name: o.name,
    uscc: o.uscc ?? '',
    address: o.address ?? '',
    legalRepName: o.legalRepName ?? '',
    phone: o.phone ?? '',
  };
}

/** An organisation's name and kind, e.g. to check a chosen notary office. */
export async function getOrganisation(tx: Executor, orgId: string) {
  const [o] = await tx.select().from(organisations).where(eq(organisations.id, orgId));
  return o;
}
