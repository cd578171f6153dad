import { pgTable, text, bigint, timestamp, jsonb, integer } from 'drizzle-orm/pg-core';

/** Named counters (业务号, 备案号): `UPDATE … RETURNING` inside the caller's transaction, so no gaps. */
export const counters = pgTable('counters', {
  key: text('key').primaryKey(),
  value: bigint('value', { mode: 'number' }).notNull(),
});

/** Answers to POSTs that carried an Idempotency-Key, replayed when the same key comes again. */
export const idempotencyKeys = pgTable('idempotency_keys', {
  key: text('key').primaryKey(),
  scope: text('scope').notNull(),
  status: integer('status').notNull(),
  body: jsonb('body').notNull(),
  createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
});

/** Key material and other secrets the server makes for itself, private parts encrypted. */
export const keyStore = pgTable('key_store', {
  name: text('name').primaryKey(),
  certificatePem: text('certificate_pem'),
  encryptedKey: text('encrypted_key'),
  meta: jsonb('meta'),
  createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
});
