import { z, ZInstant, ZUuid } from './zod';

/** 站内消息: to a staff organisation or to a buyer's phone. */
export const ZMessageView = z.object({
  id: ZUuid,
  title: z.string(),
  body: z.string(),
  /** the page it is about, in the app that shows it */
  link: z.string().nullable(),
  createdAt: ZInstant,
  readAt: ZInstant.nullable(),
});
export type TMessageView = z.infer<typeof ZMessageView>;
/** the latest 100, newest first */
export const ZMessageList = z.array(ZMessageView);
export const ZMessageRead = z.object({ ok: z.literal(true) });

/** Web Push: the server's VAPID public key, and a browser's subscription to result messages. */
export const ZPushKey = z.object({ publicKey: z.string() });
export const ZPushSubscription = z.object({
  endpoint: z.url().max(1000),
  keys: z.object({ p256dh: z.string().min(20).max(200), auth: z.string().min(8).max(100) }),
});
export const ZPushUnsubscribe = z.object({ endpoint: z.url().max(1000) });
export const ZPushSubscribed = z.object({ subscribed: z.boolean() });

/** 本地发件箱 (DEV_OUTBOX only): what the local SMS/e-mail gateway would have sent. */
export const ZOutboundMessage = z.object({
  id: ZUuid,
  channel: z.enum(['sms', 'email']),
  to: z.string(),
  body: z.string(),
  gateway: z.string(),
  sentAt: ZInstant,
});
