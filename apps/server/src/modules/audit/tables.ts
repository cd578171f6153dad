import {
  pgTable,
  text,
  bigint,
  bigserial,
  jsonb,
  integer,
  timestamp,
  primaryKey,
  uniqueIndex,
  index,
} from 'drizzle-orm/pg-core';

/**
 * Append-only, one hash chain per aggregate (`contract:<id>`, `case:<id>` …): each entry's hash
 * covers its aggregate's previous hash, its number in that chain and its content. `seq` only
 * orders entries across aggregates (a sequence; a rolled-back append leaves a gap).
 */
export const auditLog = pgTable(
  'audit_log',
  {
    seq: bigserial('seq', { mode: 'number' }).primaryKey(),
    aggregate: text('aggregate').notNull(),
    aggSeq: bigint('agg_seq', { mode: 'number' }).notNull(),
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
  },
  (t) => [
    // two appenders of one aggregate can never both take the same number
    uniqueIndex('audit_log_aggregate_seq').on(t.aggregate, t.aggSeq),
    index('audit_log_entity_id').on(t.entityId),
  ],
);

/** Each chain's head; an append updates its aggregate's row only, so other aggregates never wait. */
export const auditHeads = pgTable(
  'audit_heads',
  {
    aggregate: text('aggregate').primaryKey(),
    seq: bigint('seq', { mode: 'number' }).notNull(),
    prevHash: text('prev_hash').notNull(),
    hash: text('hash').notNull(),
    updatedAt: timestamp('updated_at', { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [index('audit_heads_updated_at').on(t.updatedAt)],
);

/** Signed, time-stamped Merkle roots over every chain head, each linked to the one before. */
export const auditCheckpoints = pgTable('audit_checkpoints', {
  id: bigint('id', { mode: 'number' }).primaryKey(),
  at: text('at').notNull(),
  treeSize: integer('tree_size').notNull(),
  root: text('root').notNull(),
  prevHash: text('prev_hash').notNull(),
  hash: text('hash').notNull(),
  /** CMS SignedData (DER, base64) over the checkpoint body, by the platform key */
  signature: text('signature').notNull(),
  /** RFC 3161 token (DER, base64) over the checkpoint body */
  timestampToken: text('timestamp_token').notNull(),
});

/**
 * The heads a checkpoint took in, only those that changed since the one before; a chain keeps the
 * leaf index it got when first checkpointed, so the tree only grows at its end.
 */
export const auditCheckpointHeads = pgTable(
  'audit_checkpoint_heads',
  {
    checkpointId: bigint('checkpoint_id', { mode: 'number' }).notNull(),
    aggregate: text('aggregate').notNull(),
    leafIndex: integer('leaf_index').notNull(),
    seq: bigint('seq', { mode: 'number' }).notNull(),
    hash: text('hash').notNull(),
  },
  (t) => [
    primaryKey({ columns: [t.aggregate, t.checkpointId] }),
    index('audit_checkpoint_heads_checkpoint').on(t.checkpointId),
  ],
);
