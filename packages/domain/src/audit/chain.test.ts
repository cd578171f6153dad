import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { checkChain, contentDigest, GENESIS_HASH, headLeafText, linkHash, type AuditContent } from './chain';
import { MerkleTree, leafHash } from './merkle';
import { checkpointHash, checkProofHashes, PROOF_FORMAT, type AuditProof } from './proof';

const content = fc
  .record({
    at: fc
      .date({ min: new Date('2026-01-01'), max: new Date('2030-01-01'), noInvalidDate: true })
      .map((d) => d.toISOString()),
    actor: fc.string({ maxLength: 12 }),
    orgId: fc.option(fc.string({ maxLength: 8 }), { nil: null }),
    action: fc.constantFrom('contract.created', 'contract.submit', 'case.approve'),
    entityId: fc.string({ minLength: 1, maxLength: 10 }),
    data: fc.dictionary(
      fc.string({ maxLength: 6 }),
      fc.oneof(fc.string({ maxLength: 10 }), fc.integer(), fc.boolean()),
    ),
  })
  .map((c) => ({ ...c, entity: 'contract', aggregate: `contract:${c.entityId}` }) as AuditContent);

type Entry = AuditContent & { aggSeq: number; prevHash: string; hash: string };
function chainOf(contents: AuditContent[]): Entry[] {
  let prev = GENESIS_HASH;
  return contents.map((c, i) => {
    const e = {
      ...c,
      aggregate: contents[0].aggregate,
      aggSeq: i + 1,
      prevHash: prev,
      hash: linkHash(prev, i + 1, contentDigest({ ...c, aggregate: contents[0].aggregate })),
    };
    prev = e.hash;
    return e;
  });
}
const check = (es: Entry[]) => checkChain(es, (e) => linkHash(e.prevHash, e.aggSeq, contentDigest(e)));
const chains = fc.array(content, { minLength: 3, maxLength: 12 }).map(chainOf);

describe('per-aggregate audit chain', () => {
  it('an untouched chain has no problem', () => {
    fc.assert(
      fc.property(chains, (es) => {
        expect(check(es)).toEqual([]);
      }),
    );
  });

  it('names an edited entry, whatever field was edited', () => {
    fc.assert(
      fc.property(
        chains,
        fc.nat(),
        fc.constantFrom('at', 'actor', 'orgId', 'action', 'entityId', 'data'),
        (es, k, field) => {
          const i = k % es.length;
          const forged = es.map((e, j) =>
            j === i ? { ...e, [field]: field === 'data' ? { forged: true } : `${String((e as any)[field])}x` } : e,
          );
          expect(check(forged)).toEqual([{ aggSeq: i + 1, problem: 'edited' }]);
        },
      ),
    );
  });

  it('names the numbers of a deleted entry, and the entry after it', () => {
    fc.assert(
      fc.property(chains, fc.nat(), (es, k) => {
        const i = k % (es.length - 1); // not the last: that one is caught against the head
        const problems = check(es.filter((_, j) => j !== i));
        expect(problems).toContainEqual({ aggSeq: i + 2, problem: 'deleted', missing: [i + 1, i + 1] });
      }),
    );
  });

  it('finds two entries that traded places (contents, links and hashes moved, numbers kept)', () => {
    fc.assert(
      fc.property(chains, fc.nat(), (es, k) => {
        const i = k % (es.length - 1);
        const swapped = es.map((e, j) =>
          j === i ? { ...es[i + 1], aggSeq: i + 1 } : j === i + 1 ? { ...es[i], aggSeq: i + 2 } : e,
        );
        const seqs = check(swapped).map((p) => p.aggSeq);
        expect(seqs).toContain(i + 1);
        expect(seqs).toContain(i + 2);
      }),
    );
  });

  it('finds an entry inserted in the middle, even with a correct hash of its own', () => {
    fc.assert(
      fc.property(chains, content, fc.nat(), (es, c, k) => {
        const i = k % es.length;
        const before = es[i - 1]?.hash ?? GENESIS_HASH;
        const forged = { ...c, aggregate: es[0].aggregate, aggSeq: i + 1, prevHash: before, hash: '' };
        forged.hash = linkHash(before, i + 1, contentDigest(forged));
        // every later entry renumbered to make room
        const out = [...es.slice(0, i), forged, ...es.slice(i).map((e) => ({ ...e, aggSeq: e.aggSeq + 1 }))];
        expect(check(out).length).toBeGreaterThan(0);
      }),
    );
  });
});

describe('inclusion proofs (checked offline)', () => {
  const proofs = fc.tuple(fc.array(chains, { minLength: 1, maxLength: 6 }), fc.nat(), fc.nat()).map(([cs, a, b]) => {
    const heads = cs.map((es) => ({
      aggregate: es[0].aggregate + String(cs.indexOf(es)),
      seq: es.length,
      hash: es.at(-1)!.hash,
    }));
    const chosen = a % cs.length;
    const es = cs[chosen].map((e) => ({ ...e, aggregate: heads[chosen].aggregate }));
    // recompute the chosen chain under its unique name
    const renamed = chainOf(es);
    heads[chosen] = { aggregate: renamed[0].aggregate, seq: renamed.length, hash: renamed.at(-1)!.hash };
    const tree = new MerkleTree(heads.map((h) => leafHash(headLeafText(h))));
    const i = b % renamed.length;
    const body = {
      id: 3,
      at: '2026-11-29T14:00:00.000Z',
      treeSize: heads.length,
      root: tree.root().toString('hex'),
      prevHash: 'ab'.repeat(32),
    };
    const p: AuditProof = {
      format: PROOF_FORMAT,
      entry: renamed[i],
      following: renamed.slice(i + 1).map((e) => contentDigest(e)),
      head: heads[chosen],
      leafIndex: chosen,
      path: tree.path(chosen).map((h) => h.toString('hex')),
      checkpoint: { ...body, hash: checkpointHash(body), signature: '', timestampToken: '' },
    };
    return p;
  });

  it('accepts every honest proof', () => {
    fc.assert(
      fc.property(proofs, (p) => {
        expect(checkProofHashes(p)).toEqual([]);
      }),
    );
  });

  it('refuses a proof whose entry, later digests, head, path or checkpoint was changed', () => {
    fc.assert(
      fc.property(proofs, fc.nat(), (p, k) => {
        const forgeries: AuditProof[] = [
          { ...p, entry: { ...p.entry, data: { forged: true } } },
          { ...p, entry: { ...p.entry, actor: `${p.entry.actor}x` } },
          { ...p, head: { ...p.head, seq: p.head.seq + 1 } },
          { ...p, leafIndex: p.leafIndex + 1 },
          { ...p, checkpoint: { ...p.checkpoint, at: '2020-01-01T00:00:00.000Z' } },
          { ...p, checkpoint: { ...p.checkpoint, root: 'cd'.repeat(32) } },
        ];
        if (p.following.length)
          forgeries.push({
            ...p,
            following: p.following.map((d, j) => (j === k % p.following.length ? 'ef'.repeat(32) : d)),
          });
        if (p.path.length)
          forgeries.push({ ...p, path: p.path.map((d, j) => (j === k % p.path.length ? 'ef'.repeat(32) : d)) });
        for (const f of forgeries) expect(checkProofHashes(f).length).toBeGreaterThan(0);
      }),
    );
  });
});
