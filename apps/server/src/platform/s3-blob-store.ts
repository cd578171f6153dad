import { createReadStream, createWriteStream, mkdirSync } from 'node:fs';
import { rm, stat } from 'node:fs/promises';
import { join } from 'node:path';
import { randomUUID } from 'node:crypto';
import { Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { S3Client, PutObjectCommand, GetObjectCommand, HeadObjectCommand } from '@aws-sdk/client-s3';
import { hashingMeter, type BlobStore } from './blob-store';
import type { TConfig } from './config';

/**
 * S3-compatible backend (AWS S3, MinIO, Ceph, OSS/COS in S3 mode). The upload is spooled to a
 * local temp file while hashing, because the key is the SHA-256 and is known only at the end;
 * memory stays flat whatever the size.
 */
export class S3BlobStore implements BlobStore {
  private readonly s3: S3Client;
  private readonly bucket: string;
  constructor(config: TConfig, private readonly tmpDir: string) {
    mkdirSync(tmpDir, { recursive: true });
    this.bucket = config.S3_BUCKET!;
    this.s3 = new S3Client({
      region: config.S3_REGION,
      endpoint: config.S3_ENDPOINT,
      forcePathStyle: Boolean(config.S3_ENDPOINT),
      credentials: config.S3_ACCESS_KEY_ID
        ? { accessKeyId: config.S3_ACCESS_KEY_ID, secretAccessKey: config.S3_SECRET_ACCESS_KEY ?? '' }
        : undefined,
    });
  }
  private key(sha: string) {
    return `blobs/${sha.slice(0, 2)}/${sha}`;
  }
  async put(source: Readable | Buffer, opts: { maxBytes?: number } = {}) {
    const tmp = join(this.tmpDir, randomUUID());
    const meter = hashingMeter(opts.maxBytes);
    try {
      await pipeline(Buffer.isBuffer(source) ? Readable.from([source]) : source, meter.stream, createWriteStream(tmp));
      const out = meter.result();
      if (!(await this.has(out.sha256))) {
        const { size } = await stat(tmp);
        await this.s3.send(new PutObjectCommand({ Bucket: this.bucket, Key: this.key(out.sha256), Body: createReadStream(tmp), ContentLength: size }));
      }
      return out;
    } finally {
      await rm(tmp, { force: true });
    }
  }
  async get(sha: string) {
    const r = await this.s3.send(new GetObjectCommand({ Bucket: this.bucket, Key: this.key(sha) }));
    return r.Body as Readable;
  }
  async getBuffer(sha: string) {
    const chunks: Buffer[] = [];
    for await (const c of await this.get(sha)) chunks.push(c as Buffer);
    return Buffer.concat(chunks);
  }
  async has(sha: string) {
    try {
      await this.s3.send(new HeadObjectCommand({ Bucket: this.bucket, Key: this.key(sha) }));
      return true;
    } catch {
      return false;
    }
  }
}
