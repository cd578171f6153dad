import { eq } from 'drizzle-orm';
import type { AppContext } from '../../platform/app-context';
import { actorId } from '../../platform/app-context';
import type { StaffActor } from '../../http/auth';
import { users, sessions } from './tables';
import { hashPassword } from './passwords';
import { appendAudit } from '../audit/append-audit';
import { notFound } from '../../http/errors';

/** 管理: disable or enable a user, or set a new password; either ends the user's open sessions. */
export async function updateUser(
  ctx: AppContext,
  actor: StaffActor,
  id: string,
  change: { disabled?: boolean; password?: string },
) {
  const passwordHash = change.password ? await hashPassword(change.password) : undefined;
  return ctx.db.transaction(async (tx) => {
    const [u] = await tx.select().from(users).where(eq(users.id, id)).for('update');
    if (!u) throw notFound('用户');
    await tx
      .update(users)
      .set({
        ...(change.disabled !== undefined ? { disabled: change.disabled } : {}),
        ...(passwordHash ? { passwordHash } : {}),
      })
      .where(eq(users.id, id));
    await tx.delete(sessions).where(eq(sessions.userId, id));
    await appendAudit(
      tx,
      {
        actor: actorId(actor),
        orgId: u.orgId,
        action: 'user.updated',
        entity: 'user',
        entityId: id,
        data: { disabled: change.disabled, passwordReset: Boolean(passwordHash) },
      },
      ctx.clock.now(),
    );
    return { id, username: u.username, disabled: change.disabled ?? u.disabled };
  });
}
