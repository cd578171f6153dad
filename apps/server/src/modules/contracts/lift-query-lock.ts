import type { AppContext } from '../../platform/app-context';
import { actorId } from '../../platform/app-context';
import type { StaffActor } from '../../http/auth';
import { loadOwnContract } from './contract-access';
import { queryThrottleKey } from './query-contract';
import { liftLock, peek } from '../../platform/throttle';
import { appendAudit } from '../audit/append-audit';

/** The 合同查询 lock of one of the seller's own contracts: failed tries counted, locked until when. */
export async function queryLockOf(ctx: AppContext, actor: StaffActor, id: string) {
  const row = await loadOwnContract(ctx.db, actor, id, false);
  const c = await peek(ctx.db, queryThrottleKey(row.businessNo), ctx.clock.now());
  return { failures: c.count, locked: c.locked, lockedUntil: c.locked ? c.lockedUntil : null };
}

/** 解除合同查询锁定: the contract's own seller (after checking with the buyer) starts the count again. */
export async function liftQueryLock(ctx: AppContext, actor: StaffActor, id: string) {
  const row = await loadOwnContract(ctx.db, actor, id, false);
  const before = await peek(ctx.db, queryThrottleKey(row.businessNo), ctx.clock.now());
  await ctx.db.transaction(async (tx) => {
    await liftLock(tx, queryThrottleKey(row.businessNo));
    await appendAudit(
      tx,
      {
        actor: actorId(actor),
        orgId: actor.orgId,
        action: 'contract.query-lock-lifted',
        entity: 'contract',
        entityId: row.id,
        data: { failures: before.count, lockedUntil: before.lockedUntil?.toISOString() ?? null },
      },
      ctx.clock.now(),
    );
  });
  return { failures: 0, locked: false, lockedUntil: null };
}
