import { sql } from 'drizzle-orm';
import { aggregateOf, contentDigest, GENESIS_HASH } from '@netsign/domain/audit/chain';
import type { Executor } from '../../platform/db';
import { storableJson } from '../../platform/storable-text';

export interface AuditEntry {
  /** user id, `buyer:<phone hash>`, or `system` */
  actor: string;
  orgId?: string | null;
  action: string;
  /** the aggregate is `entity:entityId`: its chain is the one this entry extends */
  entity: string;
  entityId: string;
  data?: Record<string, unknown>;
}

/**
 * Appends to the chain of the entry's aggregate, inside the caller's transaction, in one
 * statement: the head row of that aggregate is created or moved on (`on conflict do update`
 * locks it until commit, so a second writer of the same aggregate waits and then links to the
 * first), and the entry is inserted with the hash the database computed from the head it read
 * — the rule of `linkHash` in packages/domain. Writers of other aggregates never wait. A
 * rollback takes the entry and the head's move back together.
 */
export async function appendAudit(tx: Executor, entry: AuditEntry, at: Date = new Date()): Promise<void> {
  // what the database will store and return (jsonb drops undefined, Dates become strings; PGlite
  // drops a byte-order mark at the start of a text parameter, so none is kept on either database)
  const text = (v: string) => v.replace(/^\ufeff/, '');
  const row = storableJson({
    aggregate: text(aggregateOf(entry.entity, entry.entityId)),
    at: at.toISOString(),
    actor: text(entry.actor),
    orgId: entry.orgId == null ? null : text(entry.orgId),
    action: text(entry.action),
    entity: text(entry.entity),
    entityId: text(entry.entityId),
    data: JSON.parse(JSON.stringify(entry.data ?? {})),
  }) as {
    aggregate: string;
    at: string;
    actor: string;
    orgId: string | null;
    action: string;
    entity: string;
    entityId: string;
    data: Record<string, unknown>;
  };
  const digest = contentDigest(row);
  const link = (prev: any, seq: any) =>
    sql`encode(sha256(convert_to(${prev} || E'\\n' || (${seq})::text || E'\\n' || ${digest}::text, 'UTF8')), 'hex')`;
  await tx.execute(sql`
    with head as (
      insert into audit_heads as h (aggregate, seq, prev_hash, hash, updated_at)
      values (${row.aggregate}, 1, ${GENESIS_HASH}, ${link(sql`${GENESIS_HASH}::text`, sql`1`)}, now())
      on conflict (aggregate) do update set
        seq = h.seq + 1, prev_hash = h.hash, hash = ${link(sql`h.hash`, sql`h.seq + 1`)}, updated_at = now()
      returning seq, prev_hash, hash
    )
    insert into audit_log (aggregate, agg_seq, at, actor, org_id, action, entity, entity_id, data, prev_hash, hash)
    select ${row.aggregate}, seq, ${row.at}, ${row.actor}, ${row.orgId}, ${row.action}, ${row.entity}, ${row.entityId}, ${JSON.stringify(row.data)}::jsonb, prev_hash, hash
    from head`);
}
