import { randomUUID } from 'node:crypto';
import { DomainError, shanghaiDate, type ContractStatus } from '@netsign/domain';
import type { TCreateContractRequest } from '@netsign/api';
import type { AppContext } from '../../platform/app-context';
import { actorId } from '../../platform/app-context';
import { contracts } from './tables';
import { describeUnit } from '../housing/describe-unit';
import { describeSeller } from '../accounts/describe-seller';
import { nextCounter } from '../../platform/counters';
import { masterKey } from '../documents/keys';
import { businessNumber } from './business-number';
import { appendAudit } from '../audit/append-audit';
import type { StaffActor } from '../../http/auth';
import { dataKeysOf, openPersonal, sealPersonal } from '../../platform/personal-data';

/** 签订商品房买卖合同: a draft for an available unit of the clerk's company, with its 业务号. */
export async function createContract(ctx: AppContext, actor: StaffActor, input: TCreateContractRequest) {
  const now = ctx.clock.now();
  const day = shanghaiDate(now).replaceAll('-', '');
  // The 业务号 is taken outside the transaction so clerks racing at a sales launch do not queue on
  // one row; a 业务号 may therefore be skipped when creation fails (unlike certificate numbers). The
  // day's counter is scrambled into the serial, so numbers do not reveal how many were signed. The
  // unit and seller are read at the same time on other connections: the transaction then holds its
  // connection only for the two writes (issue 14). The unit is not locked here — 提交 locks it.
  const [counter, unit, seller] = await Promise.all([
    nextCounter(ctx.db, `business_no:${day}`),
    describeUnit(ctx.db, input.unitId, actor.orgId),
    describeSeller(ctx.db, actor.orgId),
  ]);
  if (unit.status !== '可售')
    throw new DomainError('UNIT_TAKEN', `该房屋当前状态为「${unit.status}」，不能签约，请选择其他房屋`, 409);
  const businessNo = businessNumber(counter, masterKey(ctx), day);
  return ctx.db.transaction(async (tx) => {
    const id = randomUUID();
    const { unitId, projectId, status: _s, listUnitPrice: _p, ...unitParties } = unit;
    const [row] = await tx
      .insert(contracts)
      .values({
        id,
        businessNo,
        sellerOrgId: actor.orgId,
        projectId,
        unitId,
        status: '草稿' satisfies ContractStatus,
        terms: sealPersonal(dataKeysOf(ctx), input.terms),
        parties: { seller, unit: unitParties },
        createdBy: actor.userId,
        createdAt: now,
        updatedAt: now,
      })
      .returning();
    await appendAudit(
      tx,
      {
        actor: actorId(actor),
        orgId: actor.orgId,
        action: 'contract.created',
        entity: 'contract',
        entityId: id,
        data: { businessNo, unitId },
      },
      now,
    );
    return openPersonal(row);
  });
}
