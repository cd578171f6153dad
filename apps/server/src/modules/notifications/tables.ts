import { pgTable, text, timestamp, uuid, index, jsonb } from 'drizzle-orm/pg-core';

/** In-app messages, to a staff organisation or to a buyer's phone. */
export const messages = pgTable(
  'messages',
  {
    id: uuid('id').primaryKey(),
    /** org | phone */
    recipientKind: text('recipient_kind').notNull(),
    recipient: text('recipient').notNull(),
    title: text('title').notNull(),
    body: text('body').notNull(),
    link: text('link'),
    readAt: timestamp('read_at', { withTimezone: true }),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [index('messages_recipient_idx').on(t.recipientKind, t.recipient, t.createdAt)],
);

/** SMS and e-mail as the local gateway delivered them; a developer page lists them. */
export const outboundMessages = pgTable(
  'outbound_messages',
  {
    id: uuid('id').primaryKey(),
    /** sms | email */
    channel: text('channel').$type<'sms' | 'email'>().notNull(),
    to: text('to').notNull(),
    body: text('body').notNull(),
    gateway: text('gateway').notNull(),
    meta: jsonb('meta'),
    sentAt: timestamp('sent_at', { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [index('outbound_to_idx').on(t.to, t.sentAt)],
);

/** A buyer's browser subscribed to result messages (Web Push); removed when the push service says gone. */
export const pushSubscriptions = pgTable(
  'push_subscriptions',
  {
    endpoint: text('endpoint').primaryKey(),
    phone: text('phone').notNull(),
    p256dh: text('p256dh').notNull(),
    auth: text('auth').notNull(),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [index('push_phone_idx').on(t.phone)],
);
