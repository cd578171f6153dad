import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { randomBytes } from 'node:crypto';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Readable } from 'node:stream';
import { dataKeys, SealedDataDamagedError, UnknownDataKeyError } from './data-keys';
import { openPersonal, registerDataKeys, sealPersonal, idNumberIndex } from './personal-data';
import { LocalBlobStore, sha256Hex, type BlobMaintenance, type BlobStore } from './blob-store';
import { S3BlobStore, s3Client } from './s3-blob-store';
import { PutObjectCommand } from '@aws-sdk/client-s3';
import { startS3Server, type S3TestServer } from '../testing/s3-server';
import type { TConfig } from './config';

// Item 12 (issue 11): what an attacker with the database dump or the bucket sees — sealed text
// and sealed blobs, no ID number and no file in clear — and that the wrong master key is named
// as such instead of yielding garbage.

const master = randomBytes(32);
const keys = dataKeys(master);
const ID = '442000198001011239';
const JPEG = Buffer.concat([Buffer.from([0xff, 0xd8, 0xff, 0xe0]), randomBytes(300_000)]);
const MAGICS = [
  Buffer.from([0xff, 0xd8, 0xff]),
  Buffer.from('%PDF'),
  Buffer.from([0x89, 0x50, 0x4e, 0x47]),
  Buffer.from([0x1a, 0x45, 0xdf, 0xa3]),
];

const drain = async (s: Readable) => {
  const got: Buffer[] = [];
  for await (const c of s) got.push(c as Buffer);
  return Buffer.concat(got);
};
const chunked = (b: Buffer, size: number) =>
  Readable.from(Array.from({ length: Math.ceil(b.length / size) }, (_, i) => b.subarray(i * size, (i + 1) * size)));

describe('sealed text and blind index', () => {
  it('seals an ID number so that neither it nor its digits show, and opens it again', () => {
    const s = keys.sealText(ID);
    expect(s).not.toContain(ID);
    expect(s).not.toContain(ID.slice(-4));
    expect(keys.keyIdOf(s)).toBe(keys.keyId);
    expect(keys.openText(s)).toBe(ID);
    expect(keys.sealText(ID)).not.toBe(s); // a fresh data key and nonce every time
  });

  it('names a wrong master key (UnknownDataKeyError, code DATA_KEY_UNKNOWN) instead of opening garbage', () => {
    const other = dataKeys(randomBytes(32));
    let error: any;
    try {
      other.openText(keys.sealText(ID));
    } catch (e) {
      error = e;
    }
    expect(error).toBeInstanceOf(UnknownDataKeyError);
    expect(error.code).toBe('DATA_KEY_UNKNOWN');
    expect(error.message).toContain(keys.keyId);
  });

  it('refuses altered sealed text (SealedDataDamagedError)', () => {
    const s = keys.sealText(ID);
    const last = s.at(-2) === 'A' ? 'B' : 'A';
    expect(() => keys.openText(s.slice(0, -2) + last + s.at(-1))).toThrow(SealedDataDamagedError);
  });

  it('opens what an earlier master key sealed when that key is listed as previous, and reseals under the new one', () => {
    const rotated = dataKeys(randomBytes(32), [master]);
    const record = sealPersonal(keys, { buyers: [{ name: '张明', idNumber: ID }] });
    expect(rotated.openText(record.buyers[0]!.idNumber)).toBe(ID);
    const again = sealPersonal(rotated, record);
    expect(rotated.keyIdOf(again.buyers[0]!.idNumber)).toBe(rotated.keyId);
    expect(again.buyers[0]).toMatchObject({ name: '张明', idNumberIndex: idNumberIndex(rotated, ID) });
    // a look-up during the rotation finds records indexed under either key
    expect(rotated.blindIndexes(ID)).toEqual([rotated.blindIndex(ID), keys.blindIndex(ID)]);
  });

  it('indexes an ID number however it is written (case, spaces, full-width), and differently under another key', () => {
    expect(idNumberIndex(keys, '44200019900307123x')).toBe(idNumberIndex(keys, '442000 19900307 123X'));
    expect(idNumberIndex(keys, 'Ｈ１２３４５６７８')).toBe(idNumberIndex(keys, 'h12345678'));
    expect(idNumberIndex(dataKeys(randomBytes(32)), ID)).not.toBe(idNumberIndex(keys, ID));
  });

  it('seals every idNumber and legalRepIdNumber in a record, and opens the record whole', () => {
    const config = {} as TConfig;
    const unregister = registerDataKeys(config, keys);
    try {
      const record = {
        terms: {
          buyers: [
            { name: '张明', idNumber: ID },
            { name: 'SMITH', idNumber: 'X12345678' },
          ],
        },
        legalRepIdNumber: '442000197003151235',
        at: '2026-01-01',
      };
      const sealed = sealPersonal(keys, record);
      expect(JSON.stringify(sealed)).not.toMatch(/442000|X12345678/);
      expect(sealPersonal(keys, sealed)).toEqual(sealed); // idempotent
      expect(openPersonal(sealed)).toEqual(record);
    } finally {
      unregister();
    }
  });
});

describe('text that only looks sealed', () => {
  it('is sealed as typed in an ID number field, and left as typed anywhere else', () => {
    const config = {} as TConfig;
    const unregister = registerDataKeys(config, keys);
    try {
      const forged = `ns1.${keys.keyId}.AAAA.BBBB`;
      const sealed = sealPersonal(keys, { idNumber: forged, note: forged });
      expect(sealed.idNumber).not.toBe(forged);
      expect(openPersonal(sealed)).toEqual({ idNumber: forged, note: forged });
    } finally {
      unregister();
    }
  });
});

describe.each([
  [
    'local directory',
    async () => {
      const dir = mkdtempSync(join(tmpdir(), 'netsign-sealed-'));
      const store = new LocalBlobStore(dir, { error: () => {} }, () => keys);
      return {
        store,
        raw: (sha: string) => readFileSync(store.path(sha)),
        overwrite: async (sha: string, bytes: Buffer): Promise<void> => writeFileSync(store.path(sha), bytes),
        close: async () => rmSync(dir, { recursive: true, force: true }),
      };
    },
  ],
  [
    'S3 (s3rver)',
    async () => {
      const s3: S3TestServer = await startS3Server();
      const dataDir = mkdtempSync(join(tmpdir(), 'netsign-sealed-s3-'));
      const config = {
        S3_BUCKET: s3.bucket,
        S3_ENDPOINT: s3.endpoint,
        S3_REGION: s3.region,
        S3_ACCESS_KEY_ID: s3.accessKeyId,
        S3_SECRET_ACCESS_KEY: s3.secretAccessKey,
      };
      const store = new S3BlobStore(config, join(dataDir, 'blob-tmp'), { error: () => {} }, () => keys);
      const client = s3Client(config);
      return {
        store,
        raw: (sha: string) => readFileSync(s3.objectFile(store.key(sha))),
        overwrite: async (sha: string, bytes: Buffer): Promise<void> =>
          void (await client.send(new PutObjectCommand({ Bucket: s3.bucket, Key: store.key(sha), Body: bytes }))),
        close: async () => {
          client.destroy();
          await s3.stop();
          rmSync(dataDir, { recursive: true, force: true });
        },
      };
    },
  ],
])('sealed blobs: %s', (_name, open) => {
  let b: {
    store: BlobStore & BlobMaintenance;
    raw(sha: string): Buffer;
    overwrite(sha: string, b: Buffer): Promise<void>;
    close(): Promise<void>;
  };
  beforeAll(async () => {
    b = await open();
  }, 60_000);
  afterAll(() => b?.close());

  it.each([
    ['a buffer', (x: Buffer) => x],
    ['a stream of odd chunks', (x: Buffer) => chunked(x, 997)],
  ])('holds a JPEG put as %s sealed, named by the file’s own SHA-256, and gives it back', async (_how, source) => {
    const { sha256, size } = await b.store.put(source(JPEG) as any);
    expect(sha256).toBe(sha256Hex(JPEG));
    expect(size).toBe(JPEG.length);
    const raw = b.raw(sha256);
    expect(raw.subarray(0, 8).toString()).toBe('NSBLOB1\n');
    for (const m of MAGICS) expect(raw.includes(m) && raw.indexOf(m) < 200).toBe(false);
    expect(raw.includes(JPEG.subarray(1000, 1032))).toBe(false);
    expect(await b.store.sealedUnder(sha256)).toBe(keys.keyId);
    expect((await b.store.getBuffer(sha256)).equals(JPEG)).toBe(true);
    expect((await drain(await b.store.get(sha256))).equals(JPEG)).toBe(true);
  });

  it('seals empty and tiny files too', async () => {
    for (const f of [Buffer.alloc(0), Buffer.from('x')]) {
      const { sha256 } = await b.store.put(f);
      expect(b.raw(sha256).subarray(0, 8).toString()).toBe('NSBLOB1\n');
      expect((await b.store.getBuffer(sha256)).equals(f)).toBe(true);
      expect((await drain(await b.store.get(sha256))).equals(f)).toBe(true);
    }
  });

  it('still reads a blob stored in clear before item 12', async () => {
    const clear = Buffer.concat([Buffer.from('%PDF-1.4\n'), randomBytes(5000)]);
    const sha = sha256Hex(clear);
    await b.store.put(clear);
    await b.overwrite(sha, clear);
    expect(await b.store.sealedUnder(sha)).toBeNull();
    expect((await b.store.getBuffer(sha)).equals(clear)).toBe(true);
  });

  it('refuses a sealed blob altered at rest, with no byte of it handed out whole', async () => {
    const { sha256 } = await b.store.put(JPEG);
    const raw = Buffer.from(b.raw(sha256));
    raw[raw.length - 100] ^= 1;
    await b.overwrite(sha256, raw);
    await expect(b.store.getBuffer(sha256)).rejects.toThrow(SealedDataDamagedError);
    await expect(drain(await b.store.get(sha256))).rejects.toThrow();
  });

  it('names the wrong master key when another key reads the blob', async () => {
    const { sha256 } = await b.store.put(Buffer.from('秘密'));
    const held = b.raw(sha256);
    const dir = mkdtempSync(join(tmpdir(), 'netsign-wrongkey-'));
    try {
      const other = new LocalBlobStore(dir, { error: () => {} }, () => dataKeys(randomBytes(32)));
      const { sha256: s2 } = await other.put(Buffer.from('秘密'));
      writeFileSync(other.path(s2), held);
      await expect(other.getBuffer(s2)).rejects.toThrow(UnknownDataKeyError);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
