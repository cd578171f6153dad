import { eq, sql } from 'drizzle-orm';
import type { Executor } from '../../platform/db';
import { sha256Hex } from '../../platform/crypto';
import { auditLog } from './tables';
import { storableJson } from '../../platform/storable-text';

type AuditRow = { seq: number; at: string; actor: string; orgId: string | null; action: string; entity: string; entityId: string; data: unknown };

export interface AuditEntry {
  /** user id, `buyer:<phone hash>`, or `system` */
  actor: string;
  orgId?: string | null;
  action: string;
  entity: string;
  entityId: string;
  data?: Record<string, unknown>;
}

export const GENESIS_HASH = '0'.repeat(64);

/** Stable JSON: keys sorted, so the hash does not depend on how jsonb orders them. */
export function canonical(v: unknown): string {
  if (v === null || typeof v !== 'object') return JSON.stringify(v ?? null);
  if (Array.isArray(v)) return `[${v.map(canonical).join(',')}]`;
  const o = v as Record<string, unknown>;
  return `{${Object.keys(o).filter((k) => o[k] !== undefined).sort().map((k) => `${JSON.stringify(k)}:${canonical(o[k])}`).join(',')}}`;
}

export function entryHash(prevHash: string, e: { seq: number; at: string; actor: string; orgId: string | null; action: string; entity: string; entityId: string; data: unknown }) {
  return sha256Hex(prevHash + canonical({ seq: e.seq, at: e.at, actor: e.actor, orgId: e.orgId, action: e.action, entity: e.entity, entityId: e.entityId, data: e.data }));
}

/**
 * Appends to the hash chain inside the caller's transaction. The head row is locked until commit,
 * so concurrent transactions queue here instead of forking the chain; call it last in a
 * transaction to hold that lock briefly.
 */
export async function appendAudit(tx: Executor, entry: AuditEntry, at: Date = new Date()): Promise<void> {
  const res: any = await tx.execute(sql`select seq, hash from audit_head where id = 1 for update`);
  const head = (res.rows ?? res)[0] as { seq: number | string; hash: string };
  const row = storableJson({
    seq: Number(head.seq) + 1,
    at: at.toISOString(),
    actor: entry.actor,
    orgId: entry.orgId ?? null,
    action: entry.action,
    entity: entry.entity,
    entityId: entry.entityId,
    data: entry.data ?? {},
  }) as AuditRow;
  // the hash covers what the database returns (jsonb may order, dedupe or reformat), which is
  // exactly what `audit verify` will read back
  const [stored] = await tx.insert(auditLog).values({ ...row, prevHash: head.hash, hash: '' }).returning();
  const hash = entryHash(head.hash, { ...stored, orgId: stored.orgId ?? null });
  await tx.update(auditLog).set({ hash }).where(eq(auditLog.seq, stored.seq));
  await tx.execute(sql`update audit_head set seq = ${row.seq}, hash = ${hash} where id = 1`);
}

/** Creates the chain's head once; safe to call on every start. */
export async function ensureAuditHead(db: Executor) {
  await db.execute(sql`insert into audit_head (id, seq, hash) values (1, 0, ${GENESIS_HASH}) on conflict (id) do nothing`);
}
