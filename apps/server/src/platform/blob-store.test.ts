import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createHash, randomBytes } from 'node:crypto';
import { mkdtempSync, readFileSync, readdirSync, rmSync, utimesSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Readable } from 'node:stream';
import { PutObjectCommand, S3Client } from '@aws-sdk/client-s3';
import {
  BlobIntegrityError,
  BlobTooLargeError,
  LocalBlobStore,
  openTempDir,
  sha256Hex,
  type BlobMaintenance,
  type BlobStore,
} from './blob-store';
import { verifyBlobs } from './verify-blobs';
import { S3BlobStore, s3Client } from './s3-blob-store';
import { startS3Server, type S3TestServer } from '../testing/s3-server';

// The blob store's contract (issue 9), the same for both backends: what is put comes back byte for
// byte under its SHA-256, what the store really holds is those bytes (no transport framing), bytes
// that do not hash to their key are refused, and a 100 MB upload streams through in flat memory.

interface Backend {
  store: BlobStore;
  /** the bytes the backend really holds under a key, read behind the store's back */
  stored(sha: string): Buffer;
  /** overwrites a blob's bytes behind the store's back, as a disk or bucket fault would */
  corrupt(sha: string, bytes: Buffer): Promise<void>;
  /** stores `data` under its key the way the SDK's default checksums did before issue 9 (aws-chunked framing) */
  storeFramed(data: Buffer): Promise<void>;
  /** leftover temp files */
  temps(): string[];
  errors: any[];
  close(): Promise<void>;
}

const collectingLog = () => {
  const errors: any[] = [];
  return { errors, log: { error: (obj: object, msg: string) => errors.push({ ...obj, msg }) } };
};

async function localBackend(): Promise<Backend> {
  const dir = mkdtempSync(join(tmpdir(), 'netsign-blobs-'));
  const { errors, log } = collectingLog();
  const store = new LocalBlobStore(dir, log);
  return {
    store,
    errors,
    stored: (sha) => readFileSync(store.path(sha)),
    corrupt: async (sha, bytes) => writeFileSync(store.path(sha), bytes),
    storeFramed: async (data) => {
      const { sha256 } = await store.put(data);
      writeFileSync(
        store.path(sha256),
        Buffer.concat([
          Buffer.from(`${data.length.toString(16)}\r\n`),
          data,
          Buffer.from('\r\n0\r\nx-amz-checksum-crc32:AAAAAA==\r\n\r\n'),
        ]),
      );
    },
    temps: () => readdirSync(join(dir, 'tmp')),
    close: async () => rmSync(dir, { recursive: true, force: true }),
  };
}

async function s3Backend(): Promise<Backend & { s3: S3TestServer }> {
  const s3 = await startS3Server();
  const dataDir = mkdtempSync(join(tmpdir(), 'netsign-s3-data-'));
  const config = {
    S3_BUCKET: s3.bucket,
    S3_ENDPOINT: s3.endpoint,
    S3_REGION: s3.region,
    S3_ACCESS_KEY_ID: s3.accessKeyId,
    S3_SECRET_ACCESS_KEY: s3.secretAccessKey,
  };
  const { errors, log } = collectingLog();
  const store = new S3BlobStore(config, join(dataDir, 'blob-tmp'), log);
  const raw = s3Client(config);
  return {
    s3,
    store,
    errors,
    // straight from s3rver's files: what a later reader of the bucket gets, whatever the SDK does
    stored: (sha) => readFileSync(s3.objectFile(store.key(sha))),
    corrupt: async (sha, bytes) =>
      void (await raw.send(new PutObjectCommand({ Bucket: s3.bucket, Key: store.key(sha), Body: bytes }))),
    // a client with the SDK's own defaults, as netsign had before issue 9
    storeFramed: async (data) => {
      const sdkDefaults = new S3Client({
        region: s3.region,
        endpoint: s3.endpoint,
        forcePathStyle: true,
        credentials: { accessKeyId: s3.accessKeyId, secretAccessKey: s3.secretAccessKey },
      });
      await sdkDefaults.send(
        new PutObjectCommand({
          Bucket: s3.bucket,
          Key: store.key(sha256Hex(data)),
          Body: Readable.from([data]),
          ContentLength: data.length,
        }),
      );
      sdkDefaults.destroy();
    },
    temps: () => readdirSync(join(dataDir, 'blob-tmp')),
    close: async () => {
      raw.destroy();
      await s3.stop();
      rmSync(dataDir, { recursive: true, force: true });
    },
  };
}

const chunked = (b: Buffer, size = 1000) =>
  Readable.from(Array.from({ length: Math.ceil(b.length / size) }, (_, i) => b.subarray(i * size, (i + 1) * size)));

/** Reads a stream to its end or its error; returns what arrived and the error. */
async function drain(s: Readable) {
  const got: Buffer[] = [];
  try {
    for await (const c of s) got.push(c as Buffer);
    return { bytes: Buffer.concat(got), error: undefined };
  } catch (error) {
    return { bytes: Buffer.concat(got), error };
  }
}

/** Runs `work` while sampling the process's resident memory; returns the peak growth in bytes. */
async function rssGrowth(work: () => Promise<void>) {
  const base = process.memoryUsage.rss();
  let peak = base;
  const timer = setInterval(() => (peak = Math.max(peak, process.memoryUsage.rss())), 10);
  try {
    await work();
  } finally {
    clearInterval(timer);
  }
  return Math.max(peak, process.memoryUsage.rss()) - base;
}

const MB = 1024 * 1024;

describe.each([
  ['local directory', localBackend],
  ['S3 (s3rver)', s3Backend],
])('blob store: %s', (_name, open) => {
  let b: Backend;
  beforeAll(async () => {
    b = await open();
  });
  afterAll(() => b?.close());

  it('keys a buffer by its SHA-256 and gives back the same bytes, whole and streamed', async () => {
    const data = randomBytes(200_000);
    const put = await b.store.put(data);
    expect(put).toEqual({ sha256: sha256Hex(data), size: data.length });
    expect(await b.store.has(put.sha256)).toBe(true);
    expect((await b.store.getBuffer(put.sha256)).equals(data)).toBe(true);
    const read = await drain(await b.store.get(put.sha256));
    expect(read.error).toBeUndefined();
    expect(read.bytes.equals(data)).toBe(true);
  });

  it('stores exactly the bytes it was given, from a buffer and from a stream (no aws-chunked framing)', async () => {
    const fromBuffer = Buffer.from('收件材料 '.repeat(5000));
    const fromStream = randomBytes(150_000);
    const a = await b.store.put(fromBuffer);
    const s = await b.store.put(chunked(fromStream));
    expect(s).toEqual({ sha256: sha256Hex(fromStream), size: fromStream.length });
    expect(b.stored(a.sha256).equals(fromBuffer)).toBe(true);
    expect(b.stored(s.sha256).equals(fromStream)).toBe(true);
    expect((await b.store.getBuffer(s.sha256)).equals(fromStream)).toBe(true);
  });

  it('says a blob it never stored is not there, and refuses a key that is not a SHA-256', async () => {
    const absent = sha256Hex(randomBytes(16));
    expect(await b.store.has(absent)).toBe(false);
    await expect(b.store.getBuffer(absent)).rejects.toThrow();
    await expect(b.store.get('../../etc/passwd')).rejects.toThrow(/not a sha256/);
  });

  it('stops an upload past maxBytes and keeps nothing of it', async () => {
    const data = randomBytes(300_000);
    await expect(b.store.put(chunked(data, 16_384), { maxBytes: 100_000 })).rejects.toBeInstanceOf(BlobTooLargeError);
    await expect(b.store.put(data, { maxBytes: 100_000 })).rejects.toBeInstanceOf(BlobTooLargeError);
    expect(await b.store.has(sha256Hex(data))).toBe(false);
    expect(b.temps()).toEqual([]);
  });

  it('refuses bytes that do not hash to their key, read whole or streamed, and reports the hashes only', async () => {
    const good = Buffer.from('%PDF-1.7 电子合同 '.repeat(20_000)); // several stream chunks
    const { sha256 } = await b.store.put(good);
    const bad = Buffer.from(good);
    bad[bad.length - 10] ^= 1; // one bit, at the end
    await b.corrupt(sha256, bad);
    b.errors.length = 0;

    const whole = await b.store.getBuffer(sha256).catch((e) => e);
    expect(whole).toBeInstanceOf(BlobIntegrityError);
    expect(whole).toMatchObject({ sha256, actualSha256: sha256Hex(bad), code: 'BLOB_INTEGRITY' });

    const streamed = await drain(await b.store.get(sha256));
    expect(streamed.error).toBeInstanceOf(BlobIntegrityError);
    // the reader never got the whole (wrong) file
    expect(streamed.bytes.length).toBeLessThan(bad.length);

    const report = expect.objectContaining({ sha256, actualSha256: sha256Hex(bad), size: bad.length });
    expect(b.errors).toEqual([report, report]); // one report per refused read
    expect(JSON.stringify(b.errors)).not.toContain('电子合同');
  });

  it('hands out not one byte of a corrupted small file when streaming it', async () => {
    const good = Buffer.from('身份证照片 small file');
    const { sha256 } = await b.store.put(good);
    await b.corrupt(sha256, Buffer.from('身份证照片 smalL file'));
    const streamed = await drain(await b.store.get(sha256));
    expect(streamed.error).toBeInstanceOf(BlobIntegrityError);
    expect(streamed.bytes.length).toBe(0);
  });

  it('replaces a damaged copy when the same bytes are put again', async () => {
    const good = randomBytes(70_000);
    const { sha256 } = await b.store.put(good);
    await b.corrupt(sha256, randomBytes(70_000));
    await expect(b.store.getBuffer(sha256)).rejects.toBeInstanceOf(BlobIntegrityError);
    await b.store.put(chunked(good));
    expect((await b.store.getBuffer(sha256)).equals(good)).toBe(true);
  });

  it('netsign blobs verify lists blobs that fail their hash and --repair recovers framed ones only', async () => {
    const framed = Buffer.from('%PDF-1.7 stored framed by an older netsign '.repeat(100));
    const damaged = randomBytes(5000);
    const fine = randomBytes(5000);
    await b.storeFramed(framed);
    const d = await b.store.put(damaged);
    await b.corrupt(d.sha256, randomBytes(5000));
    await b.store.put(fine);
    const framedSha = sha256Hex(framed);
    await expect(b.store.getBuffer(framedSha)).rejects.toBeInstanceOf(BlobIntegrityError);

    const seen = await verifyBlobs(b.store as BlobStore & BlobMaintenance);
    const finding = (r: typeof seen, sha: string) => r.problems.find((p) => p.sha256 === sha);
    expect(finding(seen, framedSha)).toMatchObject({ finding: 'framed', repaired: false });
    expect(finding(seen, d.sha256)).toMatchObject({ finding: 'damaged', repaired: false });
    expect(finding(seen, sha256Hex(fine))).toBeUndefined();
    expect(seen.checked).toBeGreaterThanOrEqual(3);

    const fixed = await verifyBlobs(b.store as BlobStore & BlobMaintenance, { repair: true });
    expect(finding(fixed, framedSha)).toMatchObject({ finding: 'framed', repaired: true });
    expect(finding(fixed, d.sha256)).toMatchObject({ finding: 'damaged', repaired: false });
    expect(b.stored(framedSha).equals(framed)).toBe(true);
    expect((await b.store.getBuffer(framedSha)).equals(framed)).toBe(true);
    expect(finding(await verifyBlobs(b.store as BlobStore & BlobMaintenance), framedSha)).toBeUndefined();
  });

  // no database in it: run once, on the PGlite pass of `npm test`, not again on the PostgreSQL pass
  it.skipIf(process.env.NETSIGN_TEST_PG)(
    'streams a 100 MB upload in and out with flat memory',
    { timeout: 180_000 },
    async () => {
      const total = 100 * MB;
      const chunk = 64 * 1024;
      const expected = createHash('sha256');
      // generated as it is read: the test never holds the file either
      const source = Readable.from(
        (function* () {
          for (let i = 0; i < total / chunk; i++) {
            const c = randomBytes(chunk);
            expected.update(c);
            yield c;
          }
        })(),
      );
      let put: { sha256: string; size: number } | undefined;
      const inGrowth = await rssGrowth(async () => {
        put = await b.store.put(source);
      });
      expect(put).toEqual({ sha256: expected.digest('hex'), size: total });
      expect(b.stored(put!.sha256).length).toBe(total);

      const back = createHash('sha256');
      let size = 0;
      const outGrowth = await rssGrowth(async () => {
        for await (const c of await b.store.get(put!.sha256)) {
          back.update(c as Buffer);
          size += (c as Buffer).length;
        }
      });
      expect(size).toBe(total);
      expect(back.digest('hex')).toBe(put!.sha256);
      console.log(
        `[${_name}] 100 MB streamed: resident memory grew ${(inGrowth / MB).toFixed(1)} MB on upload, ${(outGrowth / MB).toFixed(1)} MB on read`,
      );
      // memory flatness is the property under test: a buffered 100 MB would add ≥ 100 MB
      expect(inGrowth).toBeLessThan(60 * MB);
      expect(outGrowth).toBeLessThan(60 * MB);
    },
  );
});

describe('the AWS SDK against s3rver', () => {
  let s3: S3TestServer;
  beforeAll(async () => {
    s3 = await startS3Server();
  });
  afterAll(() => s3?.stop());

  // Shows that this test server reproduces the fault of issue 9, so the contract test above can
  // catch it: with the SDK's own defaults, a streamed upload is stored in its aws-chunked framing.
  // If this starts failing, the SDK or s3rver changed; the contract test above still guards the store.
  it('with its default checksums stores a streamed body framed (the corruption the store avoids)', async () => {
    const client = new S3Client({
      region: s3.region,
      endpoint: s3.endpoint,
      forcePathStyle: true,
      credentials: { accessKeyId: s3.accessKeyId, secretAccessKey: s3.secretAccessKey },
    });
    const data = Buffer.from('购房合同 bytes');
    await client.send(
      new PutObjectCommand({
        Bucket: s3.bucket,
        Key: 'demo/framed',
        Body: Readable.from([data]),
        ContentLength: data.length,
      }),
    );
    client.destroy();
    const stored = readFileSync(s3.objectFile('demo/framed'));
    expect(stored.equals(data)).toBe(false);
    expect(stored.toString()).toMatch(/x-amz-checksum-crc32:/);
  });
});

describe('the upload temp directory', () => {
  it('loses what a crash left a day ago on start, and keeps a younger upload in progress', () => {
    const dir = mkdtempSync(join(tmpdir(), 'netsign-blob-tmp-'));
    try {
      writeFileSync(join(dir, 'crashed'), 'half an upload');
      writeFileSync(join(dir, 'in-progress'), 'another instance is writing');
      const twoDaysAgo = new Date(Date.now() - 48 * 3600_000);
      utimesSync(join(dir, 'crashed'), twoDaysAgo, twoDaysAgo);
      openTempDir(dir);
      expect(readdirSync(dir)).toEqual(['in-progress']);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
