import { and, eq, sql } from 'drizzle-orm';
import { DomainError, apply, unitMachine, type UnitCommand, type UnitStatus } from '@netsign/domain';
import type { Executor } from '../../platform/db';
import { units, buildings, presaleLicences } from './tables';

/**
 * Locks a unit to a contract at 提交. One conditional UPDATE: of many clerks racing for the same
 * unit, exactly one sees its row change; the others get a 409 naming who holds it now.
 */
export async function lockUnit(tx: Executor, p: { unitId: string; contractId: string; sellerOrgId: string; today: string }) {
  const [licence] = await tx.select({ validFrom: presaleLicences.validFrom, validTo: presaleLicences.validTo, number: presaleLicences.number })
    .from(units).innerJoin(buildings, eq(buildings.id, units.buildingId))
    .leftJoin(presaleLicences, eq(presaleLicences.id, buildings.presaleLicenceId))
    .where(and(eq(units.id, p.unitId), eq(units.sellerOrgId, p.sellerOrgId)));
  if (!licence) throw new DomainError('UNIT_NOT_FOUND', '房屋不存在，或不属于本企业', 404);
  if (!licence.number || p.today < licence.validFrom! || p.today > licence.validTo!) {
    throw new DomainError('PRESALE_LICENCE_INVALID', `该房屋所在楼栋没有有效的预售许可证${licence.number ? `（${licence.number} 有效期 ${licence.validFrom} 至 ${licence.validTo}）` : ''}`, 409);
  }
  const locked = await tx.update(units)
    .set({ status: '已锁定', contractId: p.contractId, updatedAt: sql`now()` })
    .where(and(eq(units.id, p.unitId), eq(units.status, '可售')))
    .returning({ id: units.id });
  if (locked.length === 0) {
    const [u] = await tx.select({ status: units.status }).from(units).where(eq(units.id, p.unitId));
    throw new DomainError('UNIT_TAKEN', `该房屋当前状态为「${u?.status}」，已被其他合同锁定，请选择其他房屋`, 409);
  }
}

/** Moves a unit along with its contract (签约, 备案, 释放), through the unit state machine. */
export async function applyUnitCommand(tx: Executor, unitId: string, contractId: string, command: UnitCommand) {
  const [u] = await tx.select().from(units).where(eq(units.id, unitId)).for('update');
  if (!u || (u.contractId && u.contractId !== contractId)) throw new DomainError('UNIT_NOT_HELD', '房屋不由该合同持有', 409);
  const next = apply(unitMachine, u.status as UnitStatus, command);
  await tx.update(units).set({ status: next, contractId: next === '可售' ? null : contractId, updatedAt: sql`now()` }).where(eq(units.id, unitId));
}
