import { and, asc, eq, gt, gte, lte } from 'drizzle-orm';
import { contentDigest, LEGACY_AGGREGATE } from '@netsign/domain/audit/chain';
import { PROOF_FORMAT, type AuditProof } from '@netsign/domain/audit/proof';
import type { Executor } from '../../platform/db';
import { auditCheckpointHeads, auditCheckpoints, auditLog } from './tables';
import { checkpointedHeads, headTree } from './make-checkpoint';

export class ProofUnavailable extends Error {}

/**
 * The inclusion proof of entry `seq` (its global number): the entry, the content digests of its
 * chain's later entries up to the head the first covering checkpoint took in, that head's Merkle
 * audit path, and that checkpoint with its signature and time-stamp. The later entries are shown
 * by digest only, so the proof tells nothing of what they say.
 */
export async function proveAuditEntry(db: Executor, seq: number): Promise<AuditProof> {
  const [e] = await db.select().from(auditLog).where(eq(auditLog.seq, seq));
  if (!e) throw new ProofUnavailable(`没有第 ${seq} 条审计记录 no audit entry ${seq}`);
  if (e.aggregate === LEGACY_AGGREGATE)
    throw new ProofUnavailable(
      `第 ${seq} 条是迁移前的记录：由 netsign audit verify 校验 a legacy entry: checked by audit verify`,
    );
  const [cover] = await db
    .select()
    .from(auditCheckpointHeads)
    .where(and(eq(auditCheckpointHeads.aggregate, e.aggregate), gte(auditCheckpointHeads.seq, e.aggSeq)))
    .orderBy(asc(auditCheckpointHeads.checkpointId))
    .limit(1);
  if (!cover) throw new ProofUnavailable(`第 ${seq} 条尚未被检查点收录 not yet covered by a checkpoint`);
  const later = await db
    .select()
    .from(auditLog)
    .where(and(eq(auditLog.aggregate, e.aggregate), gt(auditLog.aggSeq, e.aggSeq), lte(auditLog.aggSeq, cover.seq)))
    .orderBy(asc(auditLog.aggSeq));
  const [cp] = await db.select().from(auditCheckpoints).where(eq(auditCheckpoints.id, cover.checkpointId));
  const tree = headTree(await checkpointedHeads(db, cover.checkpointId));
  const content = {
    aggregate: e.aggregate,
    at: e.at,
    actor: e.actor,
    orgId: e.orgId ?? null,
    action: e.action,
    entity: e.entity,
    entityId: e.entityId,
    data: e.data,
  };
  return {
    format: PROOF_FORMAT,
    entry: { ...content, aggSeq: e.aggSeq, prevHash: e.prevHash, hash: e.hash },
    following: later.map((r) => contentDigest({ ...r, orgId: r.orgId ?? null })),
    head: { aggregate: cover.aggregate, seq: cover.seq, hash: cover.hash },
    leafIndex: cover.leafIndex,
    path: tree.path(cover.leafIndex).map((h) => h.toString('hex')),
    checkpoint: {
      id: cp.id,
      at: cp.at,
      treeSize: cp.treeSize,
      root: cp.root,
      prevHash: cp.prevHash,
      hash: cp.hash,
      signature: cp.signature,
      timestampToken: cp.timestampToken,
    },
  };
}
