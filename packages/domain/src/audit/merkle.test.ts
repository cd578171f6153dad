import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { EMPTY_ROOT, leafHash, merkleRoot, MerkleTree, nodeHash, verifyInclusion, type Hash } from './merkle';

/** RFC 6962 §2.1 as written: split at the largest power of two below n. */
function rfcRoot(leaves: Hash[]): Hash {
  if (leaves.length === 0) return EMPTY_ROOT;
  if (leaves.length === 1) return leaves[0];
  let k = 1;
  while (k * 2 < leaves.length) k *= 2;
  return nodeHash(rfcRoot(leaves.slice(0, k)), rfcRoot(leaves.slice(k)));
}

// distinct leaves: two equal leaves could trade places in a proof, as they should
const leaves = (max = 80) =>
  fc
    .uniqueArray(fc.uint8Array({ maxLength: 40 }), {
      minLength: 1,
      maxLength: max,
      selector: (x) => Buffer.from(x).toString('hex'),
    })
    .map((xs) => xs.map((x) => leafHash(Buffer.from(x))));

describe('Merkle tree (RFC 6962)', () => {
  it('hashes leaves and nodes with different prefixes, so a node cannot pass as a leaf', () => {
    const [a, b] = [leafHash('a'), leafHash('b')];
    expect(nodeHash(a, b).equals(leafHash(Buffer.concat([a, b])))).toBe(false);
    expect(leafHash('').toString('hex')).toBe('6e340b9cffb37a989ca544e6bb780a2c78901d3fb33738768511a30617afa01d');
    expect(EMPTY_ROOT.toString('hex')).toBe('e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855');
  });

  it('gives the root of the RFC definition for every size', () => {
    fc.assert(
      fc.property(leaves(), (ls) => {
        expect(merkleRoot(ls).equals(rfcRoot(ls))).toBe(true);
      }),
    );
  });

  it('gives the same root when leaves are appended or replaced one at a time', () => {
    fc.assert(
      fc.property(
        leaves(),
        fc.array(fc.tuple(fc.nat(), fc.uint8Array({ maxLength: 8 })), { maxLength: 30 }),
        (ls, changes) => {
          const t = new MerkleTree();
          ls.forEach((l, i) => t.set(i, l));
          expect(t.root().equals(rfcRoot(ls))).toBe(true);
          const now = [...ls];
          for (const [at, bytes] of changes) {
            const i = at % (now.length + 1); // == length appends
            now[i] = leafHash(Buffer.from(bytes));
            t.set(i, now[i]);
          }
          expect(t.size).toBe(now.length);
          expect(t.root().equals(rfcRoot(now))).toBe(true);
        },
      ),
    );
  });

  it('proves every leaf of every tree', () => {
    fc.assert(
      fc.property(leaves(), (ls) => {
        const t = new MerkleTree(ls);
        ls.forEach((l, i) => {
          expect(verifyInclusion(l, i, ls.length, t.path(i), t.root())).toBe(true);
        });
      }),
    );
  });

  it('refuses a proof with another leaf, index, root or a changed path element', () => {
    fc.assert(
      fc.property(
        leaves().filter((ls) => ls.length > 1),
        fc.nat(),
        fc.nat(),
        (ls, a, b) => {
          const t = new MerkleTree(ls);
          const i = a % ls.length;
          const path = t.path(i);
          const root = t.root();
          expect(verifyInclusion(leafHash('forged'), i, ls.length, path, root)).toBe(false);
          expect(verifyInclusion(ls[i], (i + 1 + (b % (ls.length - 1))) % ls.length, ls.length, path, root)).toBe(
            false,
          );
          // (the size is not checked by the path alone: it comes from the signed checkpoint)
          expect(verifyInclusion(ls[i], i, i, path, root)).toBe(false);
          expect(verifyInclusion(ls[i], i, ls.length, path, leafHash('root'))).toBe(false);
          const j = b % path.length;
          const bent = path.map((p, k) => (k === j ? Buffer.from(p.map((x, n) => (n === 0 ? x ^ 1 : x))) : p));
          expect(verifyInclusion(ls[i], i, ls.length, bent, root)).toBe(false);
          expect(verifyInclusion(ls[i], i, ls.length, path.slice(0, -1), root)).toBe(false);
        },
      ),
    );
  });
});
