import type { AppContext } from '../../platform/app-context';
import type { StaffActor } from '../../http/auth';
import { hashPassword } from '../accounts/passwords';
import { loadOwnContract, transition } from './contract-access';

/** 设置合同密码: stored only as an argon2id hash; needed again to cancel or to query the contract. */
export async function setContractPassword(ctx: AppContext, actor: StaffActor, id: string, password: string) {
  const passwordHash = await hashPassword(password);
  return ctx.db.transaction(async (tx) => {
    const row = await loadOwnContract(tx, actor, id);
    return transition(ctx, tx, actor, row, 'setPassword', { passwordHash });
  });
}
