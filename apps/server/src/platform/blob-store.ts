import { createHash, randomUUID } from 'node:crypto';
import { createReadStream, createWriteStream, mkdirSync } from 'node:fs';
import { rename, rm, stat, readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { Readable, Transform } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import type { TConfig } from './config';

export interface StoredBlob {
  sha256: string;
  size: number;
}

/** Bytes addressed by their SHA-256. Two backends: a local directory and S3-compatible storage. */
export interface BlobStore {
  /** Streams `source` in; stops with BLOB_TOO_LARGE past `maxBytes` and keeps nothing. */
  put(source: Readable | Buffer, opts?: { maxBytes?: number }): Promise<StoredBlob>;
  get(sha256: string): Promise<Readable>;
  getBuffer(sha256: string): Promise<Buffer>;
  has(sha256: string): Promise<boolean>;
}

export class BlobTooLargeError extends Error {
  constructor(readonly maxBytes: number) {
    super(`file larger than ${maxBytes} bytes`);
  }
}

/** Hashes and counts bytes as they pass, and stops the stream once it is too large. */
export function hashingMeter(maxBytes = Number.POSITIVE_INFINITY) {
  const hash = createHash('sha256');
  let size = 0;
  const stream = new Transform({
    transform(chunk: Buffer, _enc, done) {
      size += chunk.length;
      if (size > maxBytes) return done(new BlobTooLargeError(maxBytes));
      hash.update(chunk);
      done(null, chunk);
    },
  });
  return { stream, result: () => ({ sha256: hash.digest('hex'), size }) };
}

const SHA = /^[0-9a-f]{64}$/;
function checkSha(sha: string) {
  if (!SHA.test(sha)) throw new Error('not a sha256');
}

export class LocalBlobStore implements BlobStore {
  constructor(private readonly dir: string) {
    mkdirSync(join(dir, 'tmp'), { recursive: true });
  }
  private path(sha: string) {
    return join(this.dir, sha.slice(0, 2), sha);
  }
  async put(source: Readable | Buffer, opts: { maxBytes?: number } = {}) {
    const tmp = join(this.dir, 'tmp', randomUUID());
    const meter = hashingMeter(opts.maxBytes);
    try {
      await pipeline(Buffer.isBuffer(source) ? Readable.from([source]) : source, meter.stream, createWriteStream(tmp));
    } catch (e) {
      await rm(tmp, { force: true });
      throw e;
    }
    const out = meter.result();
    const final = this.path(out.sha256);
    mkdirSync(join(this.dir, out.sha256.slice(0, 2)), { recursive: true });
    // written whole to a temp file, then renamed: a reader never sees half a file
    await rename(tmp, final);
    return out;
  }
  async get(sha: string) {
    checkSha(sha);
    await stat(this.path(sha));
    return createReadStream(this.path(sha));
  }
  async getBuffer(sha: string) {
    checkSha(sha);
    return readFile(this.path(sha));
  }
  async has(sha: string) {
    checkSha(sha);
    return stat(this.path(sha)).then(() => true, () => false);
  }
}

export async function openBlobStore(config: TConfig): Promise<BlobStore> {
  if (config.S3_BUCKET) {
    const { S3BlobStore } = await import('./s3-blob-store');
    return new S3BlobStore(config, join(config.dataDir, 'blob-tmp'));
  }
  return new LocalBlobStore(join(config.dataDir, 'blobs'));
}
