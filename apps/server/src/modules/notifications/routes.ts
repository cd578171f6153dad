import type { FastifyInstance, FastifyRequest } from 'fastify';
import { and, desc, eq, isNull } from 'drizzle-orm';
import { z } from 'zod';
import type { AppContext } from '../../platform/app-context';
import { messages, outboundMessages, pushSubscriptions } from './tables';
import { vapidKeys } from './web-push';
import { buyer } from '../../http/auth';
import { orgChannel, phoneChannel } from './live-hub';
import { STATUS_CHANGED, type TStatusChanged } from './events';
import { deliverStatusChange } from './deliver-status-change';
import { DomainError } from '@netsign/domain';
import {
  formatBeijingTime,
  ZMessageList,
  ZMessageRead,
  ZOutboundMessage,
  ZPushKey,
  ZPushSubscribed,
  ZPushSubscription,
  ZPushUnsubscribe,
} from '@netsign/api';
import { answers, type JsonZodTypeProvider } from '../../http/json-answers';

const tags = ['notifications'];
/** the SSE stream: `change` events (entity, id, status, title) and pings */
const EventStream = {
  200: { description: 'text/event-stream', content: { 'text/event-stream': { schema: z.string() } } },
};

export async function notificationRoutes(fastify: FastifyInstance, ctx: AppContext) {
  const app = fastify.withTypeProvider<JsonZodTypeProvider>();
  await ctx.bus.on(STATUS_CHANGED, (e: TStatusChanged) => deliverStatusChange(ctx, e));

  const recipientOf = (req: FastifyRequest) => {
    const a = req.actor;
    if (a?.kind === 'staff') return { kind: 'org' as const, id: a.orgId };
    if (a?.kind === 'buyer') return { kind: 'phone' as const, id: a.phone };
    throw new DomainError('UNAUTHENTICATED', '请先登录', 401);
  };

  app.get(
    '/api/messages',
    { schema: { tags, summary: '站内消息', response: answers({ 200: ZMessageList }) } },
    async (req) => {
      const r = recipientOf(req);
      return ctx.db
        .select({
          id: messages.id,
          title: messages.title,
          body: messages.body,
          link: messages.link,
          createdAt: messages.createdAt,
          readAt: messages.readAt,
        })
        .from(messages)
        .where(and(eq(messages.recipientKind, r.kind), eq(messages.recipient, r.id)))
        .orderBy(desc(messages.createdAt))
        .limit(100);
    },
  );

  app.post(
    '/api/messages/:id/read',
    {
      schema: {
        tags,
        summary: '标为已读',
        params: z.object({ id: z.uuid() }),
        response: answers({ 200: ZMessageRead }),
      },
    },
    async (req) => {
      const r = recipientOf(req);
      await ctx.db
        .update(messages)
        .set({ readAt: ctx.clock.now() })
        .where(
          and(
            eq(messages.id, req.params.id),
            eq(messages.recipientKind, r.kind),
            eq(messages.recipient, r.id),
            isNull(messages.readAt),
          ),
        );
      return { ok: true as const };
    },
  );

  // 订阅消息: Web Push with the server's VAPID key
  app.get(
    '/api/buyer/push/key',
    { schema: { tags, summary: 'Web Push 公钥（VAPID）', response: answers({ 200: ZPushKey }) } },
    async () => ({ publicKey: (await vapidKeys(ctx)).publicKey }),
  );
  app.post(
    '/api/buyer/push/subscribe',
    {
      schema: {
        tags,
        summary: '订阅审批结果消息',
        body: ZPushSubscription,
        response: answers({ 200: ZPushSubscribed }),
      },
    },
    async (req) => {
      const a = buyer(req);
      const { endpoint, keys } = req.body;
      await ctx.db
        .insert(pushSubscriptions)
        .values({ endpoint, phone: a.phone, p256dh: keys.p256dh, auth: keys.auth })
        .onConflictDoUpdate({
          target: pushSubscriptions.endpoint,
          set: { phone: a.phone, p256dh: keys.p256dh, auth: keys.auth },
        });
      return { subscribed: true };
    },
  );
  app.post(
    '/api/buyer/push/unsubscribe',
    { schema: { tags, summary: '取消订阅', body: ZPushUnsubscribe, response: answers({ 200: ZPushSubscribed }) } },
    async (req) => {
      const a = buyer(req);
      await ctx.db
        .delete(pushSubscriptions)
        .where(and(eq(pushSubscriptions.endpoint, req.body.endpoint), eq(pushSubscriptions.phone, a.phone)));
      return { subscribed: false };
    },
  );

  // Server-sent events: staff lists and buyer pages refresh when something they show changes.
  // Every instance relays what any instance published (see live-hub.ts).
  const streams = new Set<() => void>();
  app.get(
    '/api/live',
    { schema: { tags, summary: '实时更新 (SSE)', response: { ...EventStream, ...answers({}) } } },
    (req, reply) => {
      const r = recipientOf(req);
      reply.hijack();
      reply.raw.writeHead(200, {
        'content-type': 'text/event-stream',
        'cache-control': 'no-cache',
        connection: 'keep-alive',
      });
      reply.raw.write(': connected\n\n');
      const off = ctx.live.subscribe(r.kind === 'org' ? orgChannel(r.id) : phoneChannel(r.id), (e) => {
        reply.raw.write(`event: change\ndata: ${JSON.stringify(e)}\n\n`);
      });
      const ping = setInterval(() => reply.raw.write(': ping\n\n'), 25_000);
      // shutting down: tell the browser when to reconnect (to another instance, through the load
      // balancer), spread over 1–4 s so they do not all come back at once, and end the stream
      const shutDown = () => reply.raw.end(`retry: ${1000 + Math.floor(Math.random() * 3000)}\n\n`);
      streams.add(shutDown);
      req.raw.on('close', () => {
        off();
        clearInterval(ping);
        streams.delete(shutDown);
      });
    },
  );
  app.addHook('preClose', async () => {
    for (const shutDown of streams) shutDown();
  });

  // The developer page of the local SMS/e-mail gateway: what would have been sent. It shows
  // one-time codes to anyone, so it is served only when DEV_OUTBOX turns it on (`npm start`'s
  // demo mode and the tests do; production refuses to start with it).
  if (!ctx.config.DEV_OUTBOX) return;
  app.get('/dev/outbox', { schema: { hide: true } }, async (_req, reply) => {
    const rows = await ctx.db.select().from(outboundMessages).orderBy(desc(outboundMessages.sentAt)).limit(200);
    const esc = (v: unknown) => String(v ?? '').replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);
    reply.type('text/html; charset=utf-8');
    return `<!doctype html><html lang="zh-CN"><head><meta charset="utf-8"><meta http-equiv="refresh" content="5"><title>本地发件箱 · 开发用</title>
<style>body{font:15px/1.5 system-ui,"Noto Sans SC",sans-serif;margin:24px}table{border-collapse:collapse;width:100%}td,th{border-bottom:1px solid #ddd;padding:6px 8px;text-align:left;vertical-align:top}</style></head>
<body><h1>本地短信/邮件发件箱</h1><p>本地网关（local-outbox）代替正式短信服务：以下是本应发送的消息，每 5 秒刷新。此页面仅在开启 DEV_OUTBOX（演示模式）时提供，生产环境不可开启。</p>
<table><thead><tr><th>时间</th><th>渠道</th><th>收件人</th><th>内容</th></tr></thead><tbody>
${rows.map((m) => `<tr><td>${esc(formatBeijingTime(m.sentAt, { seconds: true }))}</td><td>${esc(m.channel)}</td><td>${esc(m.to)}</td><td>${esc(m.body)}</td></tr>`).join('')}
</tbody></table></body></html>`;
  });
  app.get(
    '/api/dev/outbox',
    {
      schema: {
        tags: ['dev'],
        summary: '本地短信/邮件发件箱（开发用）',
        querystring: z.object({ to: z.string().optional() }),
        response: answers({ 200: z.array(ZOutboundMessage) }),
      },
    },
    async (req) => {
      const q = ctx.db
        .select({
          id: outboundMessages.id,
          channel: outboundMessages.channel,
          to: outboundMessages.to,
          body: outboundMessages.body,
          gateway: outboundMessages.gateway,
          sentAt: outboundMessages.sentAt,
        })
        .from(outboundMessages);
      return (req.query.to ? q.where(eq(outboundMessages.to, req.query.to)) : q)
        .orderBy(desc(outboundMessages.sentAt))
        .limit(200);
    },
  );
}
