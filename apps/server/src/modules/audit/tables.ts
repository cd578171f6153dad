import { pgTable, text, bigint, jsonb, integer } from 'drizzle-orm/pg-core';

/** Append-only, hash-chained: each entry's hash covers the previous hash and its own content. */
export const auditLog = pgTable('audit_log', {
  seq: bigint('seq', { mode: 'number' }).primaryKey(),
  /** ISO 8601, kept as text so the hashed value is exactly what is stored */
  at: text('at').notNull(),
  actor: text('actor').notNull(),
  orgId: text('org_id'),
  action: text('action').notNull(),
  entity: text('entity').notNull(),
  entityId: text('entity_id').notNull(),
  data: jsonb('data').notNull(),
  prevHash: text('prev_hash').notNull(),
  hash: text('hash').notNull(),
});

/** The chain's head; appending locks this one row so concurrent transactions cannot fork the chain. */
export const auditHead = pgTable('audit_head', {
  id: integer('id').primaryKey(),
  seq: bigint('seq', { mode: 'number' }).notNull(),
  hash: text('hash').notNull(),
});
