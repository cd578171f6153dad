import { DomainError } from '@netsign/domain';
import type { AppContext } from '../../platform/app-context';
import type { StaffActor } from '../../http/auth';
import { verifyPassword } from '../accounts/passwords';
import { loadOwnContract, transition } from './contract-access';

/** 撤销: with the contract password; the unit becomes 可售 again. */
export async function cancelContract(ctx: AppContext, actor: StaffActor, id: string, password: string, reason: string) {
  return ctx.db.transaction(async (tx) => {
    const row = await loadOwnContract(tx, actor, id);
    if (row.passwordHash && !(await verifyPassword(row.passwordHash, password))) {
      throw new DomainError('CONTRACT_PASSWORD_WRONG', '合同密码错误', 403, [
        { field: 'password', code: 'CONTRACT_PASSWORD_WRONG', message: '合同密码错误' },
      ]);
    }
    return transition(ctx, tx, actor, row, 'cancel', {}, { reason });
  });
}
