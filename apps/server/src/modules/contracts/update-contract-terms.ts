import { eq } from 'drizzle-orm';
import { apply, contractMachine, DomainError, type ContractStatus } from '@netsign/domain';
import type { AppContext } from '../../platform/app-context';
import type { StaffActor } from '../../http/auth';
import { contracts } from './tables';
import { loadOwnContract } from './contract-access';
import { dataKeysOf, openPersonal, sealPersonal } from '../../platform/personal-data';

/** Saves a draft's fields as the clerk types them (nothing is lost on a reload); 提交 checks them. */
export async function updateContractTerms(
  ctx: AppContext,
  actor: StaffActor,
  id: string,
  terms: Record<string, unknown>,
  version?: number,
) {
  return ctx.db.transaction(async (tx) => {
    const row = await loadOwnContract(tx, actor, id);
    apply(contractMachine, row.status as ContractStatus, 'edit');
    if (version !== undefined && version !== row.version) {
      throw new DomainError('STALE_VERSION', '合同已在别处被修改，请刷新后再编辑', 409);
    }
    const [next] = await tx
      .update(contracts)
      .set({ terms: sealPersonal(dataKeysOf(ctx), terms), version: row.version + 1, updatedAt: ctx.clock.now() })
      .where(eq(contracts.id, id))
      .returning();
    return openPersonal(next);
  });
}
