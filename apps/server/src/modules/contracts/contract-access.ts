import { and, eq } from 'drizzle-orm';
import { apply, contractMachine, unitEffect, type ContractCommand, type ContractStatus } from '@netsign/domain';
import type { Actor, AppContext, Executor } from '../../platform/app-context';
import { actorId, actorOrg } from '../../platform/app-context';
import { contracts } from './tables';
import { notFound } from '../../http/errors';
import { applyUnitCommand } from '../housing/lock-unit';
import { appendAudit } from '../audit/append-audit';
import { announce } from '../notifications/events';
import { openPersonal } from '../../platform/personal-data';

export type ContractRow = typeof contracts.$inferSelect;

/** The seller's own contract, locked for this transaction; another company's is "not found". */
export async function loadOwnContract(tx: Executor, actor: Actor, id: string, lock = true): Promise<ContractRow> {
  const org = actorOrg(actor);
  const q = tx
    .select()
    .from(contracts)
    .where(and(eq(contracts.id, id), org ? eq(contracts.sellerOrgId, org) : undefined));
  const [row] = lock ? await q.for('update') : await q;
  if (!row || (actor.kind === 'staff' && actor.orgKind !== 'seller')) throw notFound('合同');
  return openPersonal(row);
}

/** A contract loaded by the system, for event handlers. */
export async function loadContract(tx: Executor, id: string): Promise<ContractRow> {
  const [row] = await tx.select().from(contracts).where(eq(contracts.id, id)).for('update');
  if (!row) throw notFound('合同');
  return openPersonal(row);
}

const STATUS_TEXT: Partial<Record<ContractStatus, string>> = {
  公证已退回: '公证处已退回该合同',
  已公证: '公证书已送达，请核对后提交备案申请',
  已受理: '交易中心已受理备案申请，正在审核',
  已审核: '交易中心审核通过，待备案',
  已备案: '合同已备案',
  备案退回: '备案申请被退回',
};

/**
 * Every step of a contract goes through here: the state machine, the unit's matching move, the
 * audit entry and the announcement, all in the caller's transaction.
 */
export async function transition(
  ctx: AppContext,
  tx: Executor,
  actor: Actor,
  row: ContractRow,
  command: ContractCommand,
  patch: Partial<ContractRow> = {},
  audit: Record<string, unknown> = {},
): Promise<ContractRow> {
  const from = row.status as ContractStatus;
  const to = apply(contractMachine, from, command);
  const effect = unitEffect(command, from);
  if (effect && effect !== 'lock') await applyUnitCommand(tx, row.unitId, row.id, effect);
  const now = ctx.clock.now();
  const [next] = await tx
    .update(contracts)
    .set({ ...patch, status: to, version: row.version + 1, updatedAt: now })
    .where(eq(contracts.id, row.id))
    .returning();
  await announce(ctx.bus, tx, {
    entity: 'contract',
    id: row.id,
    status: to,
    orgIds: [row.sellerOrgId],
    title: `合同 ${row.businessNo} ${to}`,
    body: STATUS_TEXT[to] ?? `合同状态由「${from}」变为「${to}」`,
    link: `/console/contracts/${row.id}`,
  });
  await appendAudit(
    tx,
    {
      actor: actorId(actor),
      orgId: row.sellerOrgId,
      action: `contract.${command}`,
      entity: 'contract',
      entityId: row.id,
      data: { from, to, ...audit },
    },
    now,
  );
  return openPersonal(next);
}
