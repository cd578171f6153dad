import { asc, inArray, max } from 'drizzle-orm';
import type { AuditProof } from '@netsign/domain/audit/proof';
import type { AppContext } from '../../platform/app-context';
import { auditCheckpointHeads, auditLog } from './tables';
import { makeCheckpoint } from './make-checkpoint';
import { proveAuditEntry } from './prove-audit-entry';

export type ChainEntry = Omit<typeof auditLog.$inferSelect, 'orgId'> & { orgId: string | null };
export interface ChainEvidence {
  aggregate: string;
  entries: ChainEntry[];
  proof: AuditProof;
}

const WAIT_MS = 1_000;
const TRIES = 10;

/**
 * Whole chains with the proof that anchors each: every entry of each aggregate from its first,
 * and the inclusion proof (netsign-audit-proof/1) of its last in a signed, time-stamped
 * checkpoint. A chain whose last entry no checkpoint covers yet gets one made now (another
 * instance making one at the same moment is waited for). Read outside any transaction.
 */
export async function proveChains(ctx: AppContext, aggregates: string[]): Promise<ChainEvidence[]> {
  if (!aggregates.length) return [];
  const rows = await ctx.db
    .select()
    .from(auditLog)
    .where(inArray(auditLog.aggregate, aggregates))
    .orderBy(asc(auditLog.aggregate), asc(auditLog.aggSeq));
  const chains = new Map<string, ChainEntry[]>();
  for (const r of rows) chains.set(r.aggregate, [...(chains.get(r.aggregate) ?? []), { ...r, orgId: r.orgId ?? null }]);
  for (let i = 0; ; i++) {
    const covered = await coveredUpTo(ctx, [...chains.keys()]);
    if ([...chains].every(([a, es]) => (covered.get(a) ?? 0) >= es.at(-1)!.aggSeq)) break;
    if (i === TRIES)
      throw new Error(`audit entries of ${[...chains.keys()].join(', ')} are not covered by a checkpoint`);
    const made = await makeCheckpoint(ctx);
    if (!made) await new Promise((r) => setTimeout(r, WAIT_MS)); // another instance holds the checkpoint lock
  }
  const out: ChainEvidence[] = [];
  for (const [aggregate, entries] of chains)
    out.push({ aggregate, entries, proof: await proveAuditEntry(ctx.db, entries.at(-1)!.seq) });
  return out;
}

async function coveredUpTo(ctx: AppContext, aggregates: string[]): Promise<Map<string, number>> {
  const rows = await ctx.db
    .select({ aggregate: auditCheckpointHeads.aggregate, seq: max(auditCheckpointHeads.seq) })
    .from(auditCheckpointHeads)
    .where(inArray(auditCheckpointHeads.aggregate, aggregates))
    .groupBy(auditCheckpointHeads.aggregate);
  return new Map(rows.map((r) => [r.aggregate, Number(r.seq ?? 0)]));
}
