import { asc } from 'drizzle-orm';
import type { Executor } from '../../platform/db';
import { auditLog, auditHead } from './tables';
import { entryHash, GENESIS_HASH } from './append-audit';

export interface AuditProblem {
  seq: number;
  problem: 'edited' | 'deleted' | 'reordered' | 'head_mismatch';
  detail: string;
}

/** Walks the whole chain: an edited entry breaks its hash, a deleted or moved one breaks the links. */
export async function verifyAuditChain(db: Executor): Promise<{ entries: number; problems: AuditProblem[] }> {
  const rows = await db.select().from(auditLog).orderBy(asc(auditLog.seq));
  const problems: AuditProblem[] = [];
  let prev = GENESIS_HASH;
  let expectedSeq = 1;
  for (const r of rows) {
    if (r.seq !== expectedSeq) {
      problems.push({ seq: r.seq, problem: 'deleted', detail: `第 ${expectedSeq}${r.seq > expectedSeq + 1 ? `–${r.seq - 1}` : ''} 条记录缺失 entries missing before ${r.seq}` });
    }
    if (r.prevHash !== prev) {
      problems.push({ seq: r.seq, problem: 'reordered', detail: `第 ${r.seq} 条记录与前一条不相连 link to previous entry broken` });
    }
    const recomputed = entryHash(r.prevHash, { ...r, orgId: r.orgId ?? null });
    if (recomputed !== r.hash) problems.push({ seq: r.seq, problem: 'edited', detail: `第 ${r.seq} 条记录内容被改动 entry content changed` });
    prev = r.hash;
    expectedSeq = r.seq + 1;
  }
  const [head] = await db.select().from(auditHead);
  if (head && (head.seq !== rows.length && head.seq !== (rows.at(-1)?.seq ?? 0) || head.hash !== prev)) {
    problems.push({ seq: head.seq, problem: 'head_mismatch', detail: `链尾为第 ${head.seq} 条，但日志止于第 ${rows.at(-1)?.seq ?? 0} 条 the log's tail was removed or changed` });
  }
  return { entries: rows.length, problems };
}
