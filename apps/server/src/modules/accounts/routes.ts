import type { FastifyInstance } from 'fastify';
import { and, asc, eq } from 'drizzle-orm';
import { z } from 'zod';
import {
  ZLoginRequest,
  ZOtpRequest,
  ZBuyerLoginRequest,
  ZCreateOrganisationRequest,
  ZCreateUserRequest,
  ZUpdateUserRequest,
  ZOrgKind,
  ZStaffMe,
  ZBuyerMe,
  ZMe,
  ZOtpSent,
  ZOk,
  ZCreated,
  ZOrganisationView,
  ZUserView,
  ZUserUpdated,
  ZSigningKeyView,
  ZNotaryOffice,
} from '@netsign/api';
import type { AppContext } from '../../platform/app-context';
import { sessions, organisations, users } from './tables';
import { login } from './login';
import { requestOtp } from './request-otp';
import { verifyOtp } from './verify-otp';
import { createOrganisation } from './create-organisation';
import { createUser } from './create-user';
import { updateUser } from './update-user';
import { listKeys } from '../documents/list-keys';
import { SESSION_COOKIE, setSessionCookie, staff } from '../../http/auth';
import { answers, type JsonZodTypeProvider } from '../../http/json-answers';
import { sha256Hex } from '../../platform/crypto';
import { DomainError } from '@netsign/domain';

const tags = ['accounts'];
const unauthenticated = () => new DomainError('UNAUTHENTICATED', '请先登录', 401);

export async function accountRoutes(fastify: FastifyInstance, ctx: AppContext) {
  const app = fastify.withTypeProvider<JsonZodTypeProvider>();
  const secure = ctx.config.publicUrl.startsWith('https:');

  app.post(
    '/api/auth/login',
    { schema: { tags, summary: '工作人员登录', body: ZLoginRequest, response: answers({ 200: ZStaffMe }) } },
    async (req, reply) => {
      const { session, me } = await login(ctx, req.body, req.ip);
      setSessionCookie(reply, session.token, session.expiresAt, secure);
      return me;
    },
  );

  app.post(
    '/api/auth/logout',
    { schema: { tags, summary: '退出登录', response: answers({ 200: ZOk }) } },
    async (req, reply) => {
      const token = req.cookies[SESSION_COOKIE];
      if (token) await ctx.db.delete(sessions).where(eq(sessions.tokenHash, sha256Hex(token)));
      reply.clearCookie(SESSION_COOKIE, { path: '/' });
      return { ok: true as const };
    },
  );

  app.get('/api/auth/me', { schema: { tags, summary: '当前用户', response: answers({ 200: ZMe }) } }, async (req) => {
    const a = req.actor;
    if (!a || !req.csrfToken) throw unauthenticated();
    if (a.kind === 'buyer') return { kind: 'buyer' as const, phone: a.phone, csrfToken: req.csrfToken };
    if (a.kind !== 'staff') throw unauthenticated();
    const [o] = await ctx.db
      .select({ name: organisations.name })
      .from(organisations)
      .where(eq(organisations.id, a.orgId));
    return {
      kind: 'staff' as const,
      userId: a.userId,
      name: a.name,
      role: a.role,
      orgId: a.orgId,
      orgKind: a.orgKind,
      orgName: o.name,
      csrfToken: req.csrfToken,
    };
  });

  app.post(
    '/api/buyer/otp',
    { schema: { tags, summary: '买受人获取短信验证码', body: ZOtpRequest, response: answers({ 200: ZOtpSent }) } },
    async (req) => requestOtp(ctx, req.body.phone, req.ip),
  );

  app.post(
    '/api/buyer/login',
    { schema: { tags, summary: '买受人验证码登录', body: ZBuyerLoginRequest, response: answers({ 200: ZBuyerMe }) } },
    async (req, reply) => {
      const session = await verifyOtp(ctx, req.body.phone, req.body.code, req.ip);
      setSessionCookie(reply, session.token, session.expiresAt, secure);
      return { kind: 'buyer' as const, phone: req.body.phone, csrfToken: session.csrfToken };
    },
  );

  // 管理: organisations and their users (platform administrator only)
  app.get(
    '/api/admin/organisations',
    {
      schema: {
        tags,
        summary: '机构列表',
        querystring: z.object({ kind: ZOrgKind.optional() }),
        response: answers({ 200: z.array(ZOrganisationView) }),
      },
    },
    async (req) => {
      staff(req, 'admin');
      const cols = {
        id: organisations.id,
        kind: organisations.kind,
        name: organisations.name,
        uscc: organisations.uscc,
        city: organisations.city,
        address: organisations.address,
        phone: organisations.phone,
        legalRepName: organisations.legalRepName,
        certificatePrefix: organisations.certificatePrefix,
        createdAt: organisations.createdAt,
      };
      const q = ctx.db.select(cols).from(organisations);
      const rows = await (req.query.kind ? q.where(eq(organisations.kind, req.query.kind)) : q).orderBy(
        asc(organisations.createdAt),
      );
      return rows;
    },
  );
  app.post(
    '/api/admin/organisations',
    { schema: { tags, summary: '新增机构', body: ZCreateOrganisationRequest, response: answers({ 201: ZCreated }) } },
    async (req, reply) => reply.status(201).send(await createOrganisation(ctx, staff(req, 'admin'), req.body)),
  );
  app.get(
    '/api/admin/users',
    {
      schema: {
        tags,
        summary: '用户列表',
        querystring: z.object({ orgId: z.uuid().optional() }),
        response: answers({ 200: z.array(ZUserView) }),
      },
    },
    async (req) => {
      staff(req, 'admin');
      const cols = {
        id: users.id,
        orgId: users.orgId,
        username: users.username,
        displayName: users.displayName,
        role: users.role,
        disabled: users.disabled,
      };
      const q = ctx.db.select(cols).from(users);
      const rows = await (req.query.orgId ? q.where(eq(users.orgId, req.query.orgId)) : q).orderBy(asc(users.username));
      return rows;
    },
  );
  app.post(
    '/api/admin/users',
    { schema: { tags, summary: '新增用户', body: ZCreateUserRequest, response: answers({ 201: ZCreated }) } },
    async (req, reply) => reply.status(201).send(await createUser(ctx, staff(req, 'admin'), req.body)),
  );

  app.patch(
    '/api/admin/users/:id',
    {
      schema: {
        tags,
        summary: '停用/启用用户，重置密码',
        params: z.object({ id: z.uuid() }),
        body: ZUpdateUserRequest,
        response: answers({ 200: ZUserUpdated }),
      },
    },
    async (req) => updateUser(ctx, staff(req, 'admin'), req.params.id, req.body),
  );
  app.get(
    '/api/admin/keys',
    { schema: { tags, summary: '签章密钥与证书（不含私钥）', response: answers({ 200: z.array(ZSigningKeyView) }) } },
    async (req) => {
      staff(req, 'admin');
      return listKeys(ctx);
    },
  );

  // 选择公证处: offices registered for a city (公证法 art. 25), for any signed-in staff member
  app.get(
    '/api/notary-offices',
    {
      schema: {
        tags,
        summary: '某城市的公证处',
        querystring: z.object({ city: z.string().min(1) }),
        response: answers({ 200: z.array(ZNotaryOffice) }),
      },
    },
    async (req) => {
      staff(req);
      return ctx.db
        .select({ id: organisations.id, name: organisations.name, city: organisations.city })
        .from(organisations)
        .where(and(eq(organisations.kind, 'notary'), eq(organisations.city, req.query.city)));
    },
  );
}
