import { createHash } from 'node:crypto';
import { desc, sql } from 'drizzle-orm';
import { buildSignedData } from '@netsign/documents/pki/cms';
import { GENESIS_HASH, headLeafText } from '@netsign/domain/audit/chain';
import { leafHash, MerkleTree } from '@netsign/domain/audit/merkle';
import { checkpointBodyText, type CheckpointBody } from '@netsign/domain/audit/proof';
import type { CoreContext, Executor } from '../../platform/app-context';
import { platformCa, timestampSource } from '../documents/keys';
import { auditCheckpointHeads, auditCheckpoints } from './tables';

/** pg advisory lock: one checkpoint at a time across every instance */
const CHECKPOINT_LOCK = 0x61756474; // 'audt'
/** heads changed this long before the last scan are looked at again (a transaction that was slow to commit) */
const RESCAN_MARGIN = '10 minutes';

const rowsOf = (res: any) => (res.rows ?? res) as any[];
export type Head = { aggregate: string; leafIndex: number; seq: number; hash: string };

/** Every chain head as checkpoint `upTo` (or the last one) took it in, by leaf index. */
export async function checkpointedHeads(db: Executor, upTo?: number): Promise<Head[]> {
  const res = await db.execute(sql`
    select distinct on (aggregate) aggregate, leaf_index, seq, hash from audit_checkpoint_heads
    ${upTo === undefined ? sql`` : sql`where checkpoint_id <= ${upTo}`}
    order by aggregate, checkpoint_id desc`);
  const heads: Head[] = [];
  for (const r of rowsOf(res))
    heads[r.leaf_index] = { aggregate: r.aggregate, leafIndex: r.leaf_index, seq: Number(r.seq), hash: r.hash };
  return heads;
}

export const headTree = (heads: Head[]) => new MerkleTree(heads.map((h) => leafHash(headLeafText(h))));

/**
 * Builds the next checkpoint if any chain head moved since the last one: records the moved heads,
 * computes the Merkle root over every head, signs the body with the platform key and has it
 * time-stamped. `checkpoint` is null when nothing moved; the result is null when another
 * instance is making one. The whole
 * checkpoint is one transaction: a job that dies leaves nothing behind, and its entries are
 * covered by the next checkpoint.
 */
export async function makeCheckpoint(
  ctx: CoreContext,
  o: { since?: Date } = {},
): Promise<{ checkpoint: { id: number; treeSize: number; moved: number } | null; scannedAt: Date } | null> {
  // loaded before the transaction: signing must not touch the database again (PGlite: one connection)
  const signer = await platformCa(ctx);
  const stamp = await timestampSource(ctx);
  return ctx.db.transaction(async (tx) => {
    const [{ ok, now }] = rowsOf(
      await tx.execute(sql`select pg_try_advisory_xact_lock(${CHECKPOINT_LOCK}) as ok, now() as now`),
    );
    if (!ok) return null;
    const scannedAt = new Date(now);
    const [last] = await tx.select().from(auditCheckpoints).orderBy(desc(auditCheckpoints.id)).limit(1);
    const window = o.since
      ? sql`h.updated_at > ${o.since.toISOString()}::timestamptz - ${RESCAN_MARGIN}::interval`
      : sql`true`;
    const moved = rowsOf(
      await tx.execute(sql`
      select h.aggregate, h.seq, h.hash, c.leaf_index
      from audit_heads h
      left join lateral (
        select leaf_index, seq, hash from audit_checkpoint_heads c where c.aggregate = h.aggregate order by checkpoint_id desc limit 1
      ) c on true
      where ${window} and (c.seq is distinct from h.seq or c.hash is distinct from h.hash)`),
    );
    if (!moved.length) return { checkpoint: null, scannedAt };
    const id = (last?.id ?? 0) + 1;
    let size = last?.treeSize ?? 0;
    // a chain checkpointed for the first time takes the next leaf: the tree only grows at its end
    const newcomers = moved
      .filter((m) => m.leaf_index === null)
      .sort((a, b) => (a.aggregate < b.aggregate ? -1 : a.aggregate > b.aggregate ? 1 : 0));
    for (const m of newcomers) m.leaf_index = size++;
    for (let i = 0; i < moved.length; i += 1000) {
      await tx.insert(auditCheckpointHeads).values(
        moved.slice(i, i + 1000).map((m) => ({
          checkpointId: id,
          aggregate: m.aggregate,
          leafIndex: m.leaf_index,
          seq: Number(m.seq),
          hash: m.hash,
        })),
      );
    }
    const heads = await checkpointedHeads(tx);
    if (heads.length !== size) throw new Error(`audit checkpoint ${id}: ${heads.length} heads for a tree of ${size}`);
    const body: CheckpointBody = {
      id,
      at: ctx.clock.now().toISOString(),
      treeSize: size,
      root: headTree(heads).root().toString('hex'),
      prevHash: last?.hash ?? GENESIS_HASH,
    };
    const bytes = Buffer.from(checkpointBodyText(body), 'utf8');
    const digest = createHash('sha256').update(bytes).digest();
    const signature = await buildSignedData({ signer, contentDigest: digest });
    const token = await stamp(digest);
    await tx.insert(auditCheckpoints).values({
      ...body,
      hash: digest.toString('hex'),
      signature: signature.toString('base64'),
      timestampToken: token.toString('base64'),
    });
    return { checkpoint: { id, treeSize: size, moved: moved.length }, scannedAt };
  });
}

/**
 * Every `seconds`, a checkpoint when anything changed (one instance at a time, by the advisory
 * lock). A plain timer rather than a pg-boss job: pg-boss schedules by the minute, and a tick
 * that finds nothing to do writes nothing. The first tick of a process looks at every head,
 * later ticks at heads moved since the previous tick (with a margin).
 */
export function scheduleCheckpoints(ctx: CoreContext, seconds: number) {
  if (!seconds) return { stop: async () => {} };
  let since: Date | undefined;
  let running: Promise<unknown> = Promise.resolve();
  let stopped = false;
  const tick = () => {
    running = makeCheckpoint(ctx, { since })
      .then((r) => {
        if (r) since = r.scannedAt;
      })
      .catch((err) => ctx.log.warn({ err }, 'audit checkpoint failed; the next one covers its entries'))
      .finally(() => {
        if (!stopped) timer = setTimeout(tick, seconds * 1000);
      });
  };
  let timer = setTimeout(tick, seconds * 1000);
  return {
    async stop() {
      stopped = true;
      clearTimeout(timer);
      await running;
    },
  };
}
