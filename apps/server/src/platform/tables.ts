import { pgTable, text, bigint, timestamp, jsonb, integer, boolean } from 'drizzle-orm/pg-core';
import type { TKeyStoreMeta } from './key-store-meta';

/** Named counters (业务号, 备案号): `UPDATE … RETURNING` inside the caller's transaction, so no gaps. */
export const counters = pgTable('counters', {
  key: text('key').primaryKey(),
  value: bigint('value', { mode: 'number' }).notNull(),
});

/**
 * POSTs that carried an Idempotency-Key (http/idempotency.ts): claimed as 'running' with a lease
 * before the handler runs, then 'done' with the answer to replay. `key` hashes actor, route and key.
 */
export const idempotencyKeys = pgTable('idempotency_keys', {
  key: text('key').primaryKey(),
  scope: text('scope').notNull(),
  /** hash of the request's URL and body: the same key with another request is refused */
  requestHash: text('request_hash').notNull().default(''),
  state: text('state', { enum: ['running', 'done'] })
    .notNull()
    .default('done'),
  /** a running claim nobody renewed by then (its instance died) may be taken over */
  leaseUntil: timestamp('lease_until', { withTimezone: true }),
  status: integer('status'),
  body: jsonb('body'),
  createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
});

/** Key material and other secrets the server makes for itself, private parts encrypted. */
export const keyStore = pgTable('key_store', {
  name: text('name').primaryKey(),
  certificatePem: text('certificate_pem'),
  encryptedKey: text('encrypted_key'),
  /** by the row's kind (key-store-meta.ts), checked where it is read */
  meta: jsonb('meta').$type<TKeyStoreMeta>(),
  createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
});

/**
 * Attempt counters (合同查询 per 业务号, login per user name, SMS per phone, each per client address):
 * one atomic upsert an attempt, see platform/throttle.ts. `allowed` is the outcome of the latest one.
 */
export const throttleCounters = pgTable('throttle_counters', {
  key: text('key').primaryKey(),
  count: integer('count').notNull(),
  windowStart: timestamp('window_start', { withTimezone: true }).notNull(),
  lockedUntil: timestamp('locked_until', { withTimezone: true }),
  allowed: boolean('allowed').notNull().default(true),
  updatedAt: timestamp('updated_at', { withTimezone: true }).notNull(),
});
