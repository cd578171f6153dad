// The audit log is one hash chain per aggregate (a contract, a case, a user …): each entry
// carries its aggregate's sequence number and the hash of the entry before it, so only writers
// of the same aggregate wait for each other. Checkpoints (merkle.ts) tie the chains together.
import { createHash } from 'node:crypto';

export const GENESIS_HASH = '0'.repeat(64);
/** The single chain written before per-aggregate chains; verified with its own hash rule. */
export const LEGACY_AGGREGATE = 'legacy';

export interface AuditContent {
  aggregate: string;
  at: string;
  actor: string;
  orgId: string | null;
  action: string;
  entity: string;
  entityId: string;
  data: unknown;
}

export const aggregateOf = (entity: string, entityId: string) => `${entity}:${entityId}`;

/** Stable JSON: keys sorted, so a hash does not depend on how jsonb orders them. */
export function canonical(v: unknown): string {
  if (v === null || typeof v !== 'object') return JSON.stringify(v ?? null);
  if (Array.isArray(v)) return `[${v.map(canonical).join(',')}]`;
  const o = v as Record<string, unknown>;
  return `{${Object.keys(o)
    .filter((k) => o[k] !== undefined)
    .sort()
    .map((k) => `${JSON.stringify(k)}:${canonical(o[k])}`)
    .join(',')}}`;
}

/** What an entry's hash covers besides its link: everything it says, in canonical form. */
export const contentText = (e: AuditContent) =>
  canonical({
    aggregate: e.aggregate,
    at: e.at,
    actor: e.actor,
    orgId: e.orgId,
    action: e.action,
    entity: e.entity,
    entityId: e.entityId,
    data: e.data,
  });

const sha256Hex = (text: string) => createHash('sha256').update(text, 'utf8').digest('hex');

/** SHA-256 of the content: a proof shows later entries by this digest only, not what they say. */
export const contentDigest = (e: AuditContent) => sha256Hex(contentText(e));

/**
 * hash = SHA-256(prev hash "\n" sequence "\n" content digest), lower-case hex. The database
 * computes the same in the appending statement (`append-audit.ts`): keep the two in step.
 */
export const linkHash = (prevHash: string, seq: number, digest: string) => sha256Hex(`${prevHash}\n${seq}\n${digest}`);

/** The hash of an entry of the legacy single chain (global `seq`, no aggregate). */
export function legacyEntryHash(prevHash: string, e: Omit<AuditContent, 'aggregate'> & { seq: number }) {
  const text = canonical({
    seq: e.seq,
    at: e.at,
    actor: e.actor,
    orgId: e.orgId,
    action: e.action,
    entity: e.entity,
    entityId: e.entityId,
    data: e.data,
  });
  return sha256Hex(prevHash + text);
}

/** The leaf a checkpoint's tree holds for one chain: its name, length and last hash. */
export const headLeafText = (h: { aggregate: string; seq: number; hash: string }) =>
  JSON.stringify([h.aggregate, h.seq, h.hash]);

export interface ChainEntry {
  aggSeq: number;
  prevHash: string;
  hash: string;
}

export type ChainProblem =
  | { aggSeq: number; problem: 'edited' | 'reordered' }
  | { aggSeq: number; problem: 'deleted'; missing: [number, number] };

/**
 * Checks one chain, entries in sequence order: a gap is a deletion (named by the missing
 * numbers), a broken link a reordering or insertion, a hash that does not recompute an edit.
 */
export function checkChain<E extends ChainEntry>(entries: E[], hashOf: (e: E) => string): ChainProblem[] {
  const problems: ChainProblem[] = [];
  let prev = GENESIS_HASH;
  let expected = 1;
  for (const e of entries) {
    if (e.aggSeq !== expected)
      problems.push({ aggSeq: e.aggSeq, problem: 'deleted', missing: [expected, e.aggSeq - 1] });
    // after a gap the link is broken by the deletion itself: one problem, not two
    else if (e.prevHash !== prev) problems.push({ aggSeq: e.aggSeq, problem: 'reordered' });
    if (hashOf(e) !== e.hash) problems.push({ aggSeq: e.aggSeq, problem: 'edited' });
    prev = e.hash;
    expected = e.aggSeq + 1;
  }
  return problems;
}
