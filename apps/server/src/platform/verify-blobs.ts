import { createHash } from 'node:crypto';
import type { BlobMaintenance, BlobStore } from './blob-store';
import { sha256Hex } from './blob-store';
import { unframeAwsChunked } from './aws-chunked';
import { SealedDataDamagedError } from './data-keys';

export interface BlobCheck {
  sha256: string;
  /** what the held bytes hash to */
  actualSha256: string;
  /** 'framed': the object holds the file in aws-chunked framing (issue 9) */
  finding: 'framed' | 'damaged';
  repaired: boolean;
}

/**
 * Hashes every blob the backend holds and lists those whose bytes are not their key. With
 * `repair`, an object that holds the right file in aws-chunked framing (stored so by a netsign
 * before issue 9) is rewritten with the file itself — only after the file is shown to hash to the
 * key. Anything else is left for a restore from the bucket's versions or the backup.
 */
export async function verifyBlobs(
  store: BlobStore & BlobMaintenance,
  opts: { repair?: boolean; onProblem?: (c: BlobCheck) => void } = {},
) {
  let checked = 0;
  const problems: BlobCheck[] = [];
  for await (const sha256 of store.keys()) {
    checked++;
    const hash = createHash('sha256');
    try {
      for await (const c of await store.readUnchecked(sha256)) hash.update(c as Buffer);
    } catch (e) {
      // a sealed blob whose tag does not check: altered at rest
      if (!(e instanceof SealedDataDamagedError)) throw e;
      const check: BlobCheck = { sha256, actualSha256: '(sealed, damaged)', finding: 'damaged', repaired: false };
      problems.push(check);
      opts.onProblem?.(check);
      continue;
    }
    const actualSha256 = hash.digest('hex');
    if (actualSha256 === sha256) continue;
    // held whole only when damaged, one at a time
    const chunks: Buffer[] = [];
    for await (const c of await store.readUnchecked(sha256)) chunks.push(c as Buffer);
    const file = unframeAwsChunked(Buffer.concat(chunks));
    const framed = file !== null && sha256Hex(file) === sha256;
    let repaired = false;
    if (framed && opts.repair) {
      await store.put(file);
      repaired = await store.getBuffer(sha256).then(
        () => true,
        () => false,
      );
    }
    const check: BlobCheck = { sha256, actualSha256, finding: framed ? 'framed' : 'damaged', repaired };
    problems.push(check);
    opts.onProblem?.(check);
  }
  return { checked, problems };
}
