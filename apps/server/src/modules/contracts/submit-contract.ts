import { DomainError, shanghaiDate } from '@netsign/domain';
import type { AppContext } from '../../platform/app-context';
import type { StaffActor } from '../../http/auth';
import { loadOwnContract, transition } from './contract-access';
import { checkContract } from './check-contract';
import { lockUnit } from '../housing/lock-unit';
import { dataKeysOf, sealPersonal } from '../../platform/personal-data';

/** 提交: the contract is checked, the unit is locked to it, and it waits for its password. */
export async function submitContract(ctx: AppContext, actor: StaffActor, id: string) {
  const now = ctx.clock.now();
  return ctx.db.transaction(async (tx) => {
    const row = await loadOwnContract(tx, actor, id);
    const { violations, terms } = checkContract(row.terms, row.parties, now);
    if (violations.length)
      throw new DomainError(
        'CONTRACT_INVALID',
        `合同填写有 ${violations.length} 处错误，请按提示修改`,
        400,
        violations,
      );
    if (row.status === '草稿')
      await lockUnit(tx, {
        unitId: row.unitId,
        contractId: row.id,
        sellerOrgId: row.sellerOrgId,
        today: shanghaiDate(now),
      });
    return transition(ctx, tx, actor, row, 'submit', {
      terms: sealPersonal(dataKeysOf(ctx), terms),
      totalPrice: terms!.pricing.totalPrice,
      submittedAt: now,
    });
  });
}
