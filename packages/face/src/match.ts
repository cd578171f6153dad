// Face comparison. Pure: embeddings in, similarity out.
import type { MatchThresholds } from './types';

/**
 * Similarity in [0, 1] of two faceres descriptors: their cosine. The descriptors are ReLU outputs
 * (no negative element), so the cosine never falls below 0. Measured against Human's own
 * `match.similarity` (a scaled Euclidean distance) it separates people better on our data
 * (d′ 3.9 vs 3.4, docs/FACE.md), because descriptor length varies with image quality, not identity.
 */
export function compare(a: readonly number[], b: readonly number[]): number {
  if (a.length === 0 || a.length !== b.length) return 0;
  let dot = 0;
  let na = 0;
  let nb = 0;
  for (let i = 0; i < a.length; i++) {
    dot += a[i]! * b[i]!;
    na += a[i]! * a[i]!;
    nb += b[i]! * b[i]!;
  }
  if (na === 0 || nb === 0) return 0;
  return Math.max(0, Math.min(1, dot / Math.sqrt(na * nb)));
}

export function isMatch(score: number, t: MatchThresholds): boolean {
  return score >= t.match;
}

/** Element-wise mean of several descriptors (a steadier reference than any single frame). */
export function meanEmbedding(list: readonly (readonly number[])[]): number[] {
  if (list.length === 0) return [];
  const out = new Array<number>(list[0]!.length).fill(0);
  for (const e of list) for (let i = 0; i < out.length; i++) out[i] += (e[i] ?? 0) / list.length;
  return out;
}
