import { and, eq, inArray, sql } from 'drizzle-orm';
import { DomainError, apply, unitMachine, type UnitCommand, type UnitStatus } from '@netsign/domain';
import type { Executor } from '../../platform/db';
import { units, buildings, presaleLicences } from './tables';

/**
 * Locks a unit to a contract at 提交. One conditional UPDATE: of many clerks racing for the same
 * unit, exactly one sees its row change; the others get a 409 naming who holds it now. The unit's
 * company and its building's presale licence (valid today) are part of the same statement, so the
 * happy path is one round trip; only a refused lock reads again to say which rule refused it.
 */
export async function lockUnit(
  tx: Executor,
  p: { unitId: string; contractId: string; sellerOrgId: string; today: string },
) {
  const lock = unitMachine.commands.lock;
  const locked = await tx
    .update(units)
    .set({ status: lock.to, contractId: p.contractId, updatedAt: sql`now()` })
    .where(
      and(
        eq(units.id, p.unitId),
        eq(units.sellerOrgId, p.sellerOrgId),
        inArray(units.status, [...lock.from]),
        sql`exists (select 1 from ${buildings} join ${presaleLicences} on ${presaleLicences.id} = ${buildings.presaleLicenceId}
          where ${buildings.id} = ${units.buildingId} and ${presaleLicences.validFrom} <= ${p.today} and ${presaleLicences.validTo} >= ${p.today})`,
      ),
    )
    .returning({ id: units.id });
  if (locked.length === 0) await explainRefusedLock(tx, p);
}

/** Why `lockUnit` changed nothing: no such unit of this company, no valid presale licence, or taken. */
async function explainRefusedLock(
  tx: Executor,
  p: { unitId: string; sellerOrgId: string; today: string },
): Promise<never> {
  const [u] = await tx
    .select({
      status: units.status,
      validFrom: presaleLicences.validFrom,
      validTo: presaleLicences.validTo,
      number: presaleLicences.number,
    })
    .from(units)
    .innerJoin(buildings, eq(buildings.id, units.buildingId))
    .leftJoin(presaleLicences, eq(presaleLicences.id, buildings.presaleLicenceId))
    .where(and(eq(units.id, p.unitId), eq(units.sellerOrgId, p.sellerOrgId)));
  if (!u) throw new DomainError('UNIT_NOT_FOUND', '房屋不存在，或不属于本企业', 404);
  if (!u.number || p.today < u.validFrom! || p.today > u.validTo!) {
    throw new DomainError(
      'PRESALE_LICENCE_INVALID',
      `该房屋所在楼栋没有有效的预售许可证${u.number ? `（${u.number} 有效期 ${u.validFrom} 至 ${u.validTo}）` : ''}`,
      409,
    );
  }
  throw new DomainError('UNIT_TAKEN', `该房屋当前状态为「${u.status}」，已被其他合同锁定，请选择其他房屋`, 409);
}

/** Moves a unit along with its contract (签约, 备案, 释放), through the unit state machine. */
export async function applyUnitCommand(tx: Executor, unitId: string, contractId: string, command: UnitCommand) {
  const [u] = await tx.select().from(units).where(eq(units.id, unitId)).for('update');
  if (!u || (u.contractId && u.contractId !== contractId))
    throw new DomainError('UNIT_NOT_HELD', '房屋不由该合同持有', 409);
  const next = apply(unitMachine, u.status as UnitStatus, command);
  await tx
    .update(units)
    .set({ status: next, contractId: next === '可售' ? null : contractId, updatedAt: sql`now()` })
    .where(eq(units.id, unitId));
}
