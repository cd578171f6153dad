// An inclusion proof a third party checks without the database: the entry, the digests of the
// entries after it up to its chain's head as a checkpoint saw it, that head's Merkle audit path,
// and the signed, time-stamped checkpoint. This file checks the hashes; the signature and the
// time-stamp are checked by `netsign audit check-proof` (it needs X.509).
import { createHash } from 'node:crypto';
import { canonical, contentDigest, headLeafText, linkHash, type AuditContent } from './chain';
import { leafHash, verifyInclusion } from './merkle';

export const PROOF_FORMAT = 'netsign-audit-proof/1';

export interface CheckpointBody {
  id: number;
  at: string;
  treeSize: number;
  root: string;
  prevHash: string;
}

/** The bytes a checkpoint's hash, signature and time-stamp cover. */
export const checkpointBodyText = (b: CheckpointBody) =>
  canonical({ id: b.id, at: b.at, treeSize: b.treeSize, root: b.root, prevHash: b.prevHash });
export const checkpointHash = (b: CheckpointBody) =>
  createHash('sha256').update(checkpointBodyText(b), 'utf8').digest('hex');

export interface AuditProof {
  format: typeof PROOF_FORMAT;
  entry: AuditContent & { aggSeq: number; prevHash: string; hash: string };
  /** content digests of the entries aggSeq+1 … head.seq */
  following: string[];
  head: { aggregate: string; seq: number; hash: string };
  leafIndex: number;
  path: string[];
  checkpoint: CheckpointBody & { hash: string; signature: string; timestampToken: string };
}

const HEX64 = /^[0-9a-f]{64}$/;

/** Every hash of the proof, recomputed; [] when the entry is in the checkpoint's tree. */
export function checkProofHashes(p: AuditProof): string[] {
  const problems: string[] = [];
  if (p?.format !== PROOF_FORMAT) return [`not a ${PROOF_FORMAT} proof`];
  const { entry, head, checkpoint: cp } = p;
  if (
    ![entry.prevHash, entry.hash, head.hash, cp.root, cp.prevHash, cp.hash, ...p.following, ...p.path].every(
      (h) => typeof h === 'string' && HEX64.test(h),
    )
  ) {
    return ['a hash is not 64 hexadecimal digits'];
  }
  if (entry.aggregate !== head.aggregate) problems.push('the head is of another chain');
  if (linkHash(entry.prevHash, entry.aggSeq, contentDigest(entry)) !== entry.hash)
    problems.push('the entry does not match its hash (edited)');
  let h = entry.hash;
  p.following.forEach((digest, i) => {
    h = linkHash(h, entry.aggSeq + 1 + i, digest);
  });
  if (entry.aggSeq + p.following.length !== head.seq || h !== head.hash)
    problems.push('the entries after this one do not lead to the chain head');
  const root = Buffer.from(cp.root, 'hex');
  if (
    !verifyInclusion(
      leafHash(headLeafText(head)),
      p.leafIndex,
      cp.treeSize,
      p.path.map((x) => Buffer.from(x, 'hex')),
      root,
    )
  ) {
    problems.push('the chain head is not in the checkpoint tree');
  }
  if (checkpointHash(cp) !== cp.hash) problems.push('the checkpoint does not match its hash');
  return problems;
}
