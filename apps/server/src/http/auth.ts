import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { and, eq, gt, sql } from 'drizzle-orm';
import { DomainError } from '@netsign/domain';
import type { Actor, AppContext, OrgKind, StaffRole } from '../platform/app-context';
import type { Db } from '../platform/db';
import { sessions, users, organisations } from '../modules/accounts/tables';
import { safeEqual, sha256Hex } from '../platform/crypto';

export const SESSION_COOKIE = 'netsign_session';

declare module 'fastify' {
  interface FastifyRequest {
    actor: Actor | null;
    csrfToken: string | null;
  }
}

/** Loads the session named by the cookie and checks the CSRF header on every state-changing call. */
export function installAuth(app: FastifyInstance, ctx: AppContext) {
  app.decorateRequest('actor', null);
  app.decorateRequest('csrfToken', null);
  app.addHook('onRequest', async (req) => {
    const token = req.cookies?.[SESSION_COOKIE];
    if (!token) return;
    const [s] = await sessionLookup(ctx.db).execute({ tokenHash: sha256Hex(token), now: ctx.clock.now() });
    if (!s) return;
    if (s.s.kind === 'buyer') req.actor = { kind: 'buyer', phone: s.s.phone! };
    else if (s.u && !s.u.disabled && s.o) {
      req.actor = {
        kind: 'staff',
        userId: s.u.id,
        orgId: s.o.id,
        orgKind: s.o.kind as OrgKind,
        role: s.u.role as StaffRole,
        name: s.u.displayName,
      };
    }
    req.csrfToken = s.s.csrfToken;
  });
  app.addHook('preHandler', async (req) => {
    if (['GET', 'HEAD', 'OPTIONS'].includes(req.method) || !req.actor) return;
    // double-submit: the token came with the login answer; a cross-site form cannot read it
    const sent = req.headers['x-csrf-token'];
    if (typeof sent !== 'string' || !req.csrfToken || !safeEqual(sent, req.csrfToken)) {
      throw new DomainError('CSRF_FAILED', '请求缺少有效的 X-CSRF-Token，请刷新页面后重试', 403);
    }
  });
}

/**
 * Every request reads its session: built once and sent as a named prepared statement, so neither
 * the query builder nor PostgreSQL's parser works on it again (issue 14, work per request).
 */
const prepared = new WeakMap<Db, ReturnType<typeof prepareSessionLookup>>();
function sessionLookup(db: Db) {
  let q = prepared.get(db);
  if (!q) prepared.set(db, (q = prepareSessionLookup(db)));
  return q;
}
function prepareSessionLookup(db: Db) {
  return db
    .select({ s: sessions, u: users, o: organisations })
    .from(sessions)
    .leftJoin(users, eq(users.id, sessions.userId))
    .leftJoin(organisations, eq(organisations.id, sessions.orgId))
    .where(and(eq(sessions.tokenHash, sql.placeholder('tokenHash')), gt(sessions.expiresAt, sql.placeholder('now'))))
    .prepare('session_lookup');
}

export type StaffActor = Extract<Actor, { kind: 'staff' }>;
export type BuyerActor = Extract<Actor, { kind: 'buyer' }>;

/** The signed-in staff member, of one of `roles` when given; 401/403 otherwise. */
export function staff(req: FastifyRequest, ...roles: StaffRole[]): StaffActor {
  const a = req.actor;
  if (!a || a.kind !== 'staff') throw new DomainError('UNAUTHENTICATED', '请先登录', 401);
  if (roles.length && !roles.includes(a.role)) throw new DomainError('FORBIDDEN', '您的角色不能执行此操作', 403);
  return a;
}

export function buyer(req: FastifyRequest): BuyerActor {
  const a = req.actor;
  if (!a || a.kind !== 'buyer') throw new DomainError('UNAUTHENTICATED', '请先用手机号和验证码登录', 401);
  return a;
}

export function setSessionCookie(reply: FastifyReply, token: string, expires: Date, secure: boolean) {
  reply.setCookie(SESSION_COOKIE, token, { httpOnly: true, sameSite: 'lax', path: '/', expires, secure });
}
