import { asc } from 'drizzle-orm';
import {
  checkChain,
  contentDigest,
  GENESIS_HASH,
  headLeafText,
  LEGACY_AGGREGATE,
  legacyEntryHash,
  linkHash,
} from '@netsign/domain/audit/chain';
import { leafHash, MerkleTree } from '@netsign/domain/audit/merkle';
import { checkpointHash } from '@netsign/domain/audit/proof';
import type { Executor } from '../../platform/db';
import { auditCheckpointHeads, auditCheckpoints, auditHeads, auditLog } from './tables';
import { checkCheckpointSignature } from './check-checkpoint-signature';

export interface AuditProblem {
  /** the chain (`contract:<id>`, `legacy` …) and the entry's number in it; 0 for a checkpoint */
  aggregate: string;
  aggSeq: number;
  /** the entry's global number, when the entry is there */
  seq?: number;
  problem: 'edited' | 'deleted' | 'reordered' | 'inserted' | 'checkpoint';
  detail: string;
}

export interface AuditReport {
  entries: number;
  chains: number;
  checkpoints: number;
  problems: AuditProblem[];
  /** entries no checkpoint covers yet (the job has not run since, or died): not tampering */
  uncovered: { aggregate: string; from: number; to: number }[];
}

type Row = typeof auditLog.$inferSelect;

const entryHash = (r: Row) =>
  r.aggregate === LEGACY_AGGREGATE
    ? legacyEntryHash(r.prevHash, { ...r, seq: r.aggSeq, orgId: r.orgId ?? null })
    : linkHash(r.prevHash, r.aggSeq, contentDigest({ ...r, orgId: r.orgId ?? null }));

/**
 * Checks every chain (links, numbers, hashes, against its head row), every checkpoint (link to the
 * one before, hash, signature and time-stamp against `roots` when given, Merkle root replayed from the heads
 * it recorded), and that every recorded head is still the entry it was. Entries after the last
 * checkpoint of their chain are reported as uncovered, not as problems.
 */
export async function verifyAuditChain(db: Executor, o: { roots?: string[]; now?: Date } = {}): Promise<AuditReport> {
  const problems: AuditProblem[] = [];
  const rows = await db.select().from(auditLog).orderBy(asc(auditLog.aggregate), asc(auditLog.aggSeq));
  const chains = new Map<string, Row[]>();
  for (const r of rows) {
    let c = chains.get(r.aggregate);
    if (!c) chains.set(r.aggregate, (c = []));
    c.push(r);
  }
  const heads = new Map((await db.select().from(auditHeads)).map((h) => [h.aggregate, h]));
  const at = (aggregate: string, aggSeq: number) => {
    const c = chains.get(aggregate);
    const likely = c?.[aggSeq - 1]; // numbers run from 1 unless something was deleted
    return likely?.aggSeq === aggSeq ? likely : c?.find((r) => r.aggSeq === aggSeq);
  };
  const report = (aggregate: string, aggSeq: number, problem: AuditProblem['problem'], detail: string) =>
    problems.push({ aggregate, aggSeq, seq: at(aggregate, aggSeq)?.seq, problem, detail });

  for (const [aggregate, entries] of chains) {
    for (const p of checkChain(entries, entryHash)) {
      if (p.problem === 'deleted')
        report(
          aggregate,
          p.aggSeq,
          'deleted',
          `${aggregate} 第 ${p.missing[0]}${p.missing[1] > p.missing[0] ? `–${p.missing[1]}` : ''} 条记录缺失 entries missing before #${p.aggSeq}`,
        );
      else if (p.problem === 'reordered')
        report(
          aggregate,
          p.aggSeq,
          'reordered',
          `${aggregate} 第 ${p.aggSeq} 条记录与前一条不相连 link to the previous entry broken (moved or inserted)`,
        );
      else report(aggregate, p.aggSeq, 'edited', `${aggregate} 第 ${p.aggSeq} 条记录内容被改动 entry content changed`);
    }
    const head = heads.get(aggregate);
    const last = entries.at(-1)!;
    if (!head) {
      report(
        aggregate,
        entries[0].aggSeq,
        'inserted',
        `${aggregate} 无链头，整条链为插入 a chain the log never started`,
      );
    } else if (last.aggSeq > head.seq) {
      for (const e of entries.filter((x) => x.aggSeq > head.seq))
        report(
          aggregate,
          e.aggSeq,
          'inserted',
          `${aggregate} 第 ${e.aggSeq} 条记录在链尾（第 ${head.seq} 条）之后 entry after the chain's head`,
        );
    } else if (last.aggSeq < head.seq) {
      report(
        aggregate,
        head.seq,
        'deleted',
        `${aggregate} 第 ${last.aggSeq + 1}–${head.seq} 条记录缺失 the chain's last entries were removed`,
      );
    } else if (last.hash !== head.hash) {
      report(
        aggregate,
        last.aggSeq,
        'edited',
        `${aggregate} 第 ${last.aggSeq} 条记录与链头不符 last entry differs from the chain's head`,
      );
    }
  }
  for (const [aggregate, head] of heads) {
    if (!chains.has(aggregate))
      report(aggregate, head.seq, 'deleted', `${aggregate} 第 1–${head.seq} 条记录缺失 the whole chain was removed`);
  }

  // checkpoints: replay the tree from the heads each one recorded
  const checkpoints = await db.select().from(auditCheckpoints).orderBy(asc(auditCheckpoints.id));
  const recorded = await db
    .select()
    .from(auditCheckpointHeads)
    .orderBy(asc(auditCheckpointHeads.checkpointId), asc(auditCheckpointHeads.leafIndex));
  const tree = new MerkleTree();
  const leafOf = new Map<string, number>();
  const covered = new Map<string, number>();
  let prev = GENESIS_HASH;
  let k = 0;
  const bad = (id: number, detail: string) =>
    problems.push({ aggregate: `checkpoint:${id}`, aggSeq: 0, problem: 'checkpoint', detail });
  for (const [i, cp] of checkpoints.entries()) {
    if (cp.id !== i + 1)
      bad(cp.id, `检查点 ${i + 1}${cp.id > i + 2 ? `–${cp.id - 1}` : ''} 缺失 checkpoints missing before ${cp.id}`);
    if (cp.prevHash !== prev) bad(cp.id, `检查点 ${cp.id} 与前一检查点不相连 link to the previous checkpoint broken`);
    if (checkpointHash(cp) !== cp.hash) bad(cp.id, `检查点 ${cp.id} 内容被改动 checkpoint changed`);
    for (; k < recorded.length && recorded[k].checkpointId <= cp.id; k++) {
      const h = recorded[k];
      const known = leafOf.get(h.aggregate);
      if (known !== undefined ? known !== h.leafIndex : h.leafIndex !== tree.size) {
        bad(cp.id, `检查点 ${cp.id} 记录的 ${h.aggregate} 位置不符 the chain moved in the tree`);
        continue;
      }
      leafOf.set(h.aggregate, h.leafIndex);
      tree.set(h.leafIndex, leafHash(headLeafText(h)));
      covered.set(h.aggregate, h.seq);
      // the head this checkpoint saw must still be the entry it was
      const e = at(h.aggregate, h.seq);
      if (!e)
        report(
          h.aggregate,
          h.seq,
          'deleted',
          `${h.aggregate} 第 ${h.seq} 条记录（检查点 ${cp.id} 已收录）缺失 entry recorded by checkpoint ${cp.id} is gone`,
        );
      else if (e.hash !== h.hash)
        report(
          h.aggregate,
          h.seq,
          'edited',
          `${h.aggregate} 第 ${h.seq} 条记录与检查点 ${cp.id} 不符 entry differs from checkpoint ${cp.id} (the chain was rewritten up to here)`,
        );
    }
    if (tree.size !== cp.treeSize || tree.root().toString('hex') !== cp.root)
      bad(cp.id, `检查点 ${cp.id} 的根与所记链头不符 root does not match the heads it recorded`);
    if (o.roots)
      for (const p of await checkCheckpointSignature(cp, o.roots, o.now)) bad(cp.id, `检查点 ${cp.id}: ${p}`);
    prev = cp.hash;
  }

  const uncovered: AuditReport['uncovered'] = [];
  for (const [aggregate, entries] of chains) {
    const upTo = covered.get(aggregate) ?? 0;
    const last = entries.at(-1)!.aggSeq;
    if (last > upTo) uncovered.push({ aggregate, from: upTo + 1, to: last });
  }
  return { entries: rows.length, chains: chains.size, checkpoints: checkpoints.length, problems, uncovered };
}
