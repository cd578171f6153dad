import { createReadStream, createWriteStream } from 'node:fs';
import { rm } from 'node:fs/promises';
import { join } from 'node:path';
import { createHash, randomUUID } from 'node:crypto';
import { type Readable, Transform } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import {
  S3Client,
  PutObjectCommand,
  GetObjectCommand,
  HeadObjectCommand,
  ListObjectsV2Command,
  type PutObjectCommandInput,
} from '@aws-sdk/client-s3';
import {
  BlobTooLargeError,
  checkSha,
  hashingMeter,
  opened,
  openedBuffer,
  openTempDir,
  sealedKeyId,
  sealing,
  sha256Hex,
  verifiedBuffer,
  verifiedStream,
  type BlobKeys,
  type BlobMaintenance,
  type BlobStore,
  type IntegrityLog,
} from './blob-store';
import { sealBuffer } from './sealed-blobs';
import type { TConfig } from './config';

export type S3Settings = Pick<
  TConfig,
  'S3_BUCKET' | 'S3_REGION' | 'S3_ENDPOINT' | 'S3_ACCESS_KEY_ID' | 'S3_SECRET_ACCESS_KEY'
>;

/** The S3 client netsign uses: S3-compatible stores first (see docs/OPERATIONS.md, “S3”). */
export function s3Client(config: S3Settings) {
  return new S3Client({
    region: config.S3_REGION,
    endpoint: config.S3_ENDPOINT,
    forcePathStyle: Boolean(config.S3_ENDPOINT),
    credentials: config.S3_ACCESS_KEY_ID
      ? { accessKeyId: config.S3_ACCESS_KEY_ID, secretAccessKey: config.S3_SECRET_ACCESS_KEY ?? '' }
      : undefined,
    // Since 2025 the SDK adds a CRC32 to every upload; for a stream body it sends the bytes in
    // `aws-chunked` framing with the checksum as a trailer. Stores that do not understand that
    // framing (s3rver, several MinIO, Ceph RGW, Alibaba OSS and Tencent COS versions) store the
    // framing as the object — every streamed blob came back corrupted. Checksums only where the
    // API requires them; integrity is ours: Content-MD5 on upload, SHA-256 on every read.
    requestChecksumCalculation: 'WHEN_REQUIRED',
    responseChecksumValidation: 'WHEN_REQUIRED',
  });
}

/**
 * S3-compatible backend (AWS S3, MinIO, Ceph, OSS/COS in S3 mode). A streamed upload is spooled
 * to a local temp file while hashing, because the key is the SHA-256 and is known only at the
 * end; memory stays flat whatever the size.
 */
export class S3BlobStore implements BlobStore, BlobMaintenance {
  private readonly s3: S3Client;
  private readonly bucket: string;
  constructor(
    config: S3Settings,
    private readonly tmpDir: string,
    private readonly log: IntegrityLog,
    private readonly dataKeys?: BlobKeys,
  ) {
    openTempDir(tmpDir);
    this.bucket = config.S3_BUCKET!;
    this.s3 = s3Client(config);
  }
  /** the object key that holds a blob's bytes */
  key(sha: string) {
    return `blobs/${sha.slice(0, 2)}/${sha}`;
  }
  // Always written, even when the key exists: the bytes are the same by definition, and a damaged
  // copy (e.g. one stored framed by an older version) is replaced by the good one.
  private async upload(sha256: string, size: number, md5: string, body: PutObjectCommandInput['Body']) {
    // Content-MD5: the store refuses a body damaged on the way (AWS S3, MinIO, Ceph RGW, OSS and COS
    // check it; s3rver, the tests' server, does not — the SHA-256 check on read catches it there)
    await this.s3.send(
      new PutObjectCommand({
        Bucket: this.bucket,
        Key: this.key(sha256),
        Body: body,
        ContentLength: size,
        ContentMD5: md5,
      }),
    );
  }
  async put(source: Readable | Buffer, opts: { maxBytes?: number } = {}) {
    if (Buffer.isBuffer(source)) {
      if (source.length > (opts.maxBytes ?? Infinity)) throw new BlobTooLargeError(opts.maxBytes!);
      const sha256 = sha256Hex(source);
      const held = this.dataKeys ? sealBuffer(this.dataKeys(), source) : source;
      await this.upload(sha256, held.length, createHash('md5').update(held).digest('base64'), held);
      return { sha256, size: source.length };
    }
    const tmp = join(this.tmpDir, randomUUID());
    const meter = hashingMeter(opts.maxBytes);
    try {
      // the store checks Content-MD5 against what it receives: the sealed bytes
      const heldMd5 = createHash('md5');
      let heldSize = 0;
      const tap = new Transform({
        transform(c: Buffer, _e, done) {
          heldMd5.update(c);
          heldSize += c.length;
          done(null, c);
        },
      });
      await pipeline([source, meter.stream, ...sealing(this.dataKeys), tap, createWriteStream(tmp)]);
      const { sha256, size } = meter.result();
      await this.upload(sha256, heldSize, heldMd5.digest('base64'), createReadStream(tmp));
      return { sha256, size };
    } finally {
      await rm(tmp, { force: true });
    }
  }
  /** the bytes the bucket holds */
  private async held(sha: string, range?: string) {
    checkSha(sha);
    const r = await this.s3.send(new GetObjectCommand({ Bucket: this.bucket, Key: this.key(sha), Range: range }));
    return r.Body as Readable;
  }
  async readUnchecked(sha: string) {
    return opened(await this.held(sha), this.dataKeys);
  }
  async sealedUnder(sha: string) {
    const chunks: Buffer[] = [];
    for await (const c of await this.held(sha, 'bytes=0-23')) chunks.push(c as Buffer);
    return sealedKeyId(Buffer.concat(chunks));
  }
  async get(sha: string) {
    return verifiedStream(sha, await this.readUnchecked(sha), this.log, 's3');
  }
  async getBuffer(sha: string) {
    const chunks: Buffer[] = [];
    for await (const c of await this.held(sha)) chunks.push(c as Buffer);
    return verifiedBuffer(sha, openedBuffer(Buffer.concat(chunks), this.dataKeys), this.log, 's3');
  }
  async has(sha: string) {
    checkSha(sha);
    try {
      await this.s3.send(new HeadObjectCommand({ Bucket: this.bucket, Key: this.key(sha) }));
      return true;
    } catch (e: any) {
      // only "not there" is false; an unreachable store is an error, not a missing blob
      if (e?.$metadata?.httpStatusCode === 404 || e?.name === 'NotFound' || e?.name === 'NoSuchKey') return false;
      throw e;
    }
  }
  /** needs s3:ListBucket (the maintenance command only) */
  async *keys() {
    let ContinuationToken: string | undefined;
    do {
      const page = await this.s3.send(
        new ListObjectsV2Command({ Bucket: this.bucket, Prefix: 'blobs/', ContinuationToken }),
      );
      for (const o of page.Contents ?? []) {
        const name = o.Key?.split('/').at(-1) ?? '';
        if (/^[0-9a-f]{64}$/.test(name) && o.Key === this.key(name)) yield name;
      }
      ContinuationToken = page.IsTruncated ? page.NextContinuationToken : undefined;
    } while (ContinuationToken);
  }
}
