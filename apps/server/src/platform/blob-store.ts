import { createHash, randomUUID } from 'node:crypto';
import { createReadStream, createWriteStream, mkdirSync, readdirSync, rmSync, statSync } from 'node:fs';
import { open, readdir, rename, rm, stat, readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { Readable, Transform, pipeline as pipe } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import type { TConfig } from './config';
import type { DataKeys } from './data-keys';
import { openBuffer, openingStream, sealedKeyId, sealingStream } from './sealed-blobs';

export interface StoredBlob {
  sha256: string;
  size: number;
}

/**
 * Bytes addressed by their SHA-256. Two backends: a local directory and S3-compatible storage.
 * Every read is checked against its key: bytes whose hash is not the key are never handed out.
 */
export interface BlobStore {
  /** Streams `source` in; stops with BLOB_TOO_LARGE past `maxBytes` and keeps nothing. */
  put(source: Readable | Buffer, opts?: { maxBytes?: number }): Promise<StoredBlob>;
  /**
   * The bytes as a stream, hashed on the way. The last chunk is held back until the hash is
   * checked: on a mismatch the stream ends in a BlobIntegrityError instead, so a reader never
   * receives the whole of a wrong file (a one-chunk file, ≤ 64 KiB, not a single byte of it).
   */
  get(sha256: string): Promise<Readable>;
  /** The bytes, checked against the key (BlobIntegrityError on a mismatch). */
  getBuffer(sha256: string): Promise<Buffer>;
  has(sha256: string): Promise<boolean>;
}

/** What the maintenance command (`netsign blobs verify`) needs besides the store itself. */
export interface BlobMaintenance {
  /** every key the backend holds */
  keys(): AsyncIterable<string>;
  /** the file as held (opened if sealed), not checked: for the maintenance commands only, never for serving */
  readUnchecked(sha256: string): Promise<Readable>;
  /** the key id a blob is sealed under, or null when it is held in clear (before item 12) */
  sealedUnder(sha256: string): Promise<string | null>;
}

/** The data keys a store seals with; without them it holds files in clear (unit tests of the backends). */
export type BlobKeys = (() => DataKeys) | undefined;

/** What the backend holds → the file (clear blobs pass unchanged). */
export function opened(source: Readable, keys: BlobKeys): Readable {
  return pipe(
    source,
    openingStream(() => keys?.() ?? noKeys()),
    () => {},
  );
}
const noKeys = (): never => {
  throw new Error('a sealed blob, and this store has no data keys');
};
/** The file → what the backend holds. */
export const sealing = (keys: BlobKeys): Transform[] => (keys ? [sealingStream(keys())] : []);
export const openedBuffer = (held: Buffer, keys: BlobKeys) => openBuffer(() => keys?.() ?? noKeys(), held);
export { sealedKeyId };

export class BlobTooLargeError extends Error {
  constructor(readonly maxBytes: number) {
    super(`file larger than ${maxBytes} bytes`);
  }
}

/** Stored bytes that do not hash to their key: corrupted at rest or on the way. Never served. */
export class BlobIntegrityError extends Error {
  readonly code = 'BLOB_INTEGRITY';
  constructor(
    readonly sha256: string,
    readonly actualSha256: string,
    readonly size: number,
  ) {
    super(`blob ${sha256} failed its integrity check: its ${size} bytes hash to ${actualSha256}`);
  }
}

/** Where integrity failures are reported (the server's logger); hashes and sizes only. */
export type IntegrityLog = { error(obj: object, msg: string): void };

export const sha256Hex = (b: Buffer) => createHash('sha256').update(b).digest('hex');

/** Hashes and counts bytes as they pass, and stops the stream once it is too large. */
export function hashingMeter(maxBytes = Number.POSITIVE_INFINITY) {
  const hash = createHash('sha256');
  const md5 = createHash('md5');
  let size = 0;
  const stream = new Transform({
    transform(chunk: Buffer, _enc, done) {
      size += chunk.length;
      if (size > maxBytes) return done(new BlobTooLargeError(maxBytes));
      hash.update(chunk);
      md5.update(chunk);
      done(null, chunk);
    },
  });
  return { stream, result: () => ({ sha256: hash.digest('hex'), size, md5: md5.digest('base64') }) };
}

const SHA = /^[0-9a-f]{64}$/;
export function checkSha(sha: string) {
  if (!SHA.test(sha)) throw new Error('not a sha256');
}

/** Checks bytes read from a backend against their key. */
export function verifiedBuffer(sha: string, bytes: Buffer, log: IntegrityLog, backend: string): Buffer {
  const actual = sha256Hex(bytes);
  if (actual !== sha) throw reportMismatch(new BlobIntegrityError(sha, actual, bytes.length), log, backend);
  return bytes;
}

/** Passes a backend's stream on, hashing it and holding back the last chunk until the hash is checked. */
export function verifiedStream(sha: string, source: Readable, log: IntegrityLog, backend: string): Readable {
  const hash = createHash('sha256');
  let held: Buffer | null = null;
  let size = 0;
  const check = new Transform({
    transform(chunk: Buffer, _enc, done) {
      hash.update(chunk);
      size += chunk.length;
      const previous = held;
      held = chunk;
      done(null, previous ?? undefined);
    },
    flush(done) {
      const actual = hash.digest('hex');
      if (actual !== sha) return done(reportMismatch(new BlobIntegrityError(sha, actual, size), log, backend));
      done(null, held ?? undefined);
    },
  });
  // pipeline listens for errors itself: one before the reader attaches does not crash the process
  return pipe(source, check, () => {});
}

function reportMismatch(e: BlobIntegrityError, log: IntegrityLog, backend: string) {
  log.error(
    { sha256: e.sha256, actualSha256: e.actualSha256, size: e.size, backend },
    'blob integrity failure: stored bytes do not match their SHA-256; refused',
  );
  return e;
}

/**
 * Makes the temp directory uploads are spooled to, and removes what a crash left there a day or
 * more ago (a younger file may be another instance's upload in progress).
 */
export function openTempDir(dir: string, now = Date.now()) {
  mkdirSync(dir, { recursive: true });
  for (const name of readdirSync(dir)) {
    const f = join(dir, name);
    try {
      if (now - statSync(f).mtimeMs > 24 * 3600_000) rmSync(f, { force: true });
    } catch {
      // gone meanwhile
    }
  }
}

const consoleLog: IntegrityLog = { error: (obj, msg) => console.error(msg, obj) };

export class LocalBlobStore implements BlobStore, BlobMaintenance {
  constructor(
    private readonly dir: string,
    private readonly log: IntegrityLog = consoleLog,
    private readonly dataKeys?: BlobKeys,
  ) {
    openTempDir(join(dir, 'tmp'));
  }
  /** the file that holds a blob's bytes */
  path(sha: string) {
    return join(this.dir, sha.slice(0, 2), sha);
  }
  async put(source: Readable | Buffer, opts: { maxBytes?: number } = {}) {
    const tmp = join(this.dir, 'tmp', randomUUID());
    const meter = hashingMeter(opts.maxBytes);
    try {
      await pipeline([
        Buffer.isBuffer(source) ? Readable.from([source]) : source,
        meter.stream,
        ...sealing(this.dataKeys),
        createWriteStream(tmp),
      ]);
    } catch (e) {
      await rm(tmp, { force: true });
      throw e;
    }
    const { sha256, size } = meter.result();
    mkdirSync(join(this.dir, sha256.slice(0, 2)), { recursive: true });
    // written whole to a temp file, then renamed: a reader never sees half a file, and a damaged
    // copy under the same key is replaced by the good one
    await rename(tmp, this.path(sha256));
    return { sha256, size };
  }
  async get(sha: string) {
    checkSha(sha);
    await stat(this.path(sha));
    return verifiedStream(sha, opened(createReadStream(this.path(sha)), this.dataKeys), this.log, 'local');
  }
  async getBuffer(sha: string) {
    checkSha(sha);
    return verifiedBuffer(sha, openedBuffer(await readFile(this.path(sha)), this.dataKeys), this.log, 'local');
  }
  async has(sha: string) {
    checkSha(sha);
    return stat(this.path(sha)).then(
      () => true,
      () => false,
    );
  }
  async *keys() {
    for (const sub of (await readdir(this.dir)).filter((d) => /^[0-9a-f]{2}$/.test(d)).sort()) {
      for (const name of (await readdir(join(this.dir, sub))).sort()) if (SHA.test(name)) yield name;
    }
  }
  async readUnchecked(sha: string) {
    checkSha(sha);
    await stat(this.path(sha));
    return opened(createReadStream(this.path(sha)), this.dataKeys);
  }
  async sealedUnder(sha: string) {
    checkSha(sha);
    const f = await open(this.path(sha), 'r');
    try {
      const head = Buffer.alloc(24);
      const { bytesRead } = await f.read(head, 0, 24, 0);
      return sealedKeyId(head.subarray(0, bytesRead));
    } finally {
      await f.close();
    }
  }
}

/** The configured backend; it seals every blob with `keys` (docs/SECURITY.md, item 12). */
export async function openBlobStore(
  config: TConfig,
  log: IntegrityLog = consoleLog,
  keys?: BlobKeys,
): Promise<BlobStore & BlobMaintenance> {
  if (config.S3_BUCKET) {
    const { S3BlobStore } = await import('./s3-blob-store');
    return new S3BlobStore(config, join(config.dataDir, 'blob-tmp'), log, keys);
  }
  return new LocalBlobStore(join(config.dataDir, 'blobs'), log, keys);
}
