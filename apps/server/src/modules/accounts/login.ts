import { eq } from 'drizzle-orm';
import { DomainError } from '@netsign/domain';
import type { AppContext } from '../../platform/app-context';
import { users, organisations } from './tables';
import { hashPassword, verifyPassword } from './passwords';
import { startSession } from './start-session';
import { appendAudit } from '../audit/append-audit';

// verified against when the user does not exist, so a wrong name takes as long as a wrong password
let dummyHash: Promise<string> | undefined;

export async function login(ctx: AppContext, input: { username: string; password: string }) {
  const [row] = await ctx.db.select({ u: users, o: organisations }).from(users)
    .innerJoin(organisations, eq(organisations.id, users.orgId)).where(eq(users.username, input.username));
  const good = await verifyPassword(row?.u.passwordHash ?? (await (dummyHash ??= hashPassword('not-a-user'))), input.password);
  if (!row || !good || row.u.disabled) {
    await ctx.db.transaction((tx) => appendAudit(tx, { actor: 'anonymous', action: 'login.failed', entity: 'user', entityId: input.username.slice(0, 64) }, ctx.clock.now()));
    throw new DomainError('LOGIN_FAILED', '用户名或密码错误', 401);
  }
  const session = await ctx.db.transaction(async (tx) => {
    const s = await startSession(tx, ctx, { kind: 'staff', userId: row.u.id, orgId: row.o.id, role: row.u.role });
    await appendAudit(tx, { actor: row.u.id, orgId: row.o.id, action: 'login', entity: 'user', entityId: row.u.id }, ctx.clock.now());
    return s;
  });
  return {
    session,
    me: { kind: 'staff' as const, userId: row.u.id, username: row.u.username, name: row.u.displayName, role: row.u.role, orgId: row.o.id, orgKind: row.o.kind, orgName: row.o.name, csrfToken: session.csrfToken },
  };
}
