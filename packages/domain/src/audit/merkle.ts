// Merkle tree of RFC 6962 / RFC 9162 (Certificate Transparency): leaf = H(0x00 || data),
// node = H(0x01 || left || right), the left subtree the largest power of two below the size.
// Built bottom-up here: an odd last node is carried up unchanged, which gives the same root.
import { createHash } from 'node:crypto';

export type Hash = Buffer;

const sha256 = (...parts: Buffer[]): Hash => {
  const h = createHash('sha256');
  for (const p of parts) h.update(p);
  return h.digest();
};
const LEAF = Buffer.from([0]);
const NODE = Buffer.from([1]);

export const leafHash = (data: Buffer | string): Hash =>
  sha256(LEAF, typeof data === 'string' ? Buffer.from(data, 'utf8') : data);
export const nodeHash = (left: Hash, right: Hash): Hash => sha256(NODE, left, right);
/** The root of no leaves (RFC 6962 §2.1: the hash of the empty string). */
export const EMPTY_ROOT: Hash = sha256();

/**
 * A tree whose leaves can be appended or replaced, keeping every level, so a change costs
 * log2(size) hashes (verifying thousands of checkpoints in a row).
 */
export class MerkleTree {
  private levels: Hash[][] = [[]];

  constructor(leafHashes: Hash[] = []) {
    this.levels[0] = [...leafHashes];
    this.rebuild();
  }

  get size() {
    return this.levels[0].length;
  }

  /** Sets leaf `index` (== size appends). */
  set(index: number, leaf: Hash) {
    if (index > this.size || index < 0) throw new RangeError(`leaf ${index} of a tree of ${this.size}`);
    this.levels[0][index] = leaf;
    let i = index;
    for (let l = 0; this.levels[l].length > 1; l++) {
      const level = this.levels[l];
      const up = (this.levels[l + 1] ??= []);
      const p = i >> 1;
      const left = level[p * 2];
      const right = level[p * 2 + 1];
      up[p] = right ? nodeHash(left, right) : left;
      // a level that grew by one may now have a parent level one longer
      up.length = Math.ceil(level.length / 2);
      i = p;
    }
    this.levels.length = this.topLevel() + 1;
  }

  root(): Hash {
    return this.size === 0 ? EMPTY_ROOT : this.levels[this.topLevel()][0];
  }

  /** The audit path of leaf `index` (RFC 9162 §2.1.3), bottom first. */
  path(index: number): Hash[] {
    if (index < 0 || index >= this.size) throw new RangeError(`leaf ${index} of a tree of ${this.size}`);
    const out: Hash[] = [];
    let i = index;
    for (let l = 0; l < this.topLevel(); l++) {
      const sibling = this.levels[l][i ^ 1];
      if (sibling) out.push(sibling); // no sibling: this node was carried up unchanged
      i >>= 1;
    }
    return out;
  }

  private topLevel() {
    let l = 0;
    while (this.levels[l].length > 1) l++;
    return l;
  }

  private rebuild() {
    this.levels.length = 1;
    for (let l = 0; this.levels[l].length > 1; l++) {
      const level = this.levels[l];
      const up: Hash[] = [];
      for (let i = 0; i < level.length; i += 2)
        up.push(i + 1 < level.length ? nodeHash(level[i], level[i + 1]) : level[i]);
      this.levels.push(up);
    }
  }
}

export const merkleRoot = (leafHashes: Hash[]): Hash => new MerkleTree(leafHashes).root();

/** RFC 9162 §2.1.3.2: does `path` lead from leaf `index` of a tree of `size` to `root`? */
export function verifyInclusion(leaf: Hash, index: number, size: number, path: Hash[], root: Hash): boolean {
  if (!Number.isSafeInteger(index) || !Number.isSafeInteger(size) || index < 0 || index >= size) return false;
  let fn = index;
  let sn = size - 1;
  let r = leaf;
  for (const p of path) {
    if (sn === 0) return false;
    if (fn % 2 === 1 || fn === sn) {
      r = nodeHash(p, r);
      while (fn % 2 === 0 && fn !== 0) {
        fn >>= 1;
        sn >>= 1;
      }
    } else {
      r = nodeHash(r, p);
    }
    fn >>= 1;
    sn >>= 1;
  }
  return sn === 0 && r.equals(root);
}
