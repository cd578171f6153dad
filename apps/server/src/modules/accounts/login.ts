import { eq } from 'drizzle-orm';
import { DomainError } from '@netsign/domain';
import type { AppContext } from '../../platform/app-context';
import { users, organisations } from './tables';
import { verifyOrDummy } from './passwords';
import { startSession } from './start-session';
import { appendAudit } from '../audit/append-audit';
import { hit, refund, resetAfterSuccess, tooMany } from '../../platform/throttle';

/**
 * Staff login. Every attempt is counted in the database before the password is checked, per user
 * name (known or not, so the answers do not tell which names exist) and per client address.
 */
export async function login(ctx: AppContext, input: { username: string; password: string }, client: string) {
  const now = ctx.clock.now();
  const limits = ctx.config.LIMITS;
  const fromIp = await hit(ctx.db, `login:ip:${client}`, limits.loginIp, now);
  if (!fromIp.allowed) throw tooMany(fromIp, '登录失败次数过多');
  const ofUser = await hit(ctx.db, `login:user:${input.username.toLowerCase()}`, limits.login, now);
  // refused attempts are not audited one by one (that would let a flood queue on the audit
  // chain); the failure that set the lock is, with its count
  if (!ofUser.allowed) throw tooMany(ofUser, '该账号登录失败次数过多');
  const [row] = await ctx.db
    .select({ u: users, o: organisations })
    .from(users)
    .innerJoin(organisations, eq(organisations.id, users.orgId))
    .where(eq(users.username, input.username));
  const good = await verifyOrDummy(row?.u.passwordHash, input.password);
  if (!row || !good || row.u.disabled) {
    await ctx.db.transaction((tx) =>
      appendAudit(
        tx,
        {
          actor: 'anonymous',
          action: 'login.failed',
          entity: 'user',
          entityId: input.username.slice(0, 64),
          data: { failures: ofUser.count },
        },
        now,
      ),
    );
    throw new DomainError('LOGIN_FAILED', '用户名或密码错误', 401);
  }
  await resetAfterSuccess(ctx.db, ofUser, limits.login);
  await refund(ctx.db, fromIp.key, limits.loginIp);
  const session = await ctx.db.transaction(async (tx) => {
    const s = await startSession(tx, ctx, { kind: 'staff', userId: row.u.id, orgId: row.o.id, role: row.u.role });
    await appendAudit(
      tx,
      { actor: row.u.id, orgId: row.o.id, action: 'login', entity: 'user', entityId: row.u.id },
      ctx.clock.now(),
    );
    return s;
  });
  return {
    session,
    me: {
      kind: 'staff' as const,
      userId: row.u.id,
      username: row.u.username,
      name: row.u.displayName,
      role: row.u.role,
      orgId: row.o.id,
      orgKind: row.o.kind,
      orgName: row.o.name,
      csrfToken: session.csrfToken,
    },
  };
}
