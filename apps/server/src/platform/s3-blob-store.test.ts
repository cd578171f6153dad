import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { readdirSync, readFileSync } from 'node:fs';
import { basename, join } from 'node:path';
import { PutObjectCommand } from '@aws-sdk/client-s3';
import { PDFDocument } from 'pdf-lib';
import sharp from 'sharp';
import { demoWorld, type DemoWorld } from '../testing/world';
import { multipartBody } from '../testing/http-client';
import { startS3Server, type S3TestServer } from '../testing/s3-server';
import { sha256Hex } from './blob-store';
import { s3Client } from './s3-blob-store';

// Issue 9: the whole server on an S3-compatible store. The demo had failed with HTTP 500 at
// 生成电子合同并推送公证处 because every object came back in aws-chunked framing.
/** A real PDF (uploads are parsed) of about `side`² × 1.3 bytes: one page of JPEG noise. */
async function noisePdf(side: number) {
  const jpg = await sharp({
    create: {
      width: side,
      height: side,
      channels: 3,
      background: '#808080',
      noise: { type: 'gaussian', mean: 128, sigma: 60 },
    },
  })
    .jpeg({ quality: 100 })
    .toBuffer();
  const doc = await PDFDocument.create();
  doc.addPage([600, 600]).drawImage(await doc.embedJpg(jpg), { x: 0, y: 0, width: 600, height: 600 });
  return Buffer.from(await doc.save());
}

// generous time limits: a busy two-core machine runs these next to other test files
describe('the server on S3 (s3rver)', { timeout: 240_000 }, () => {
  let s3: S3TestServer;
  let w: DemoWorld;
  let pushed: { id: string };
  let draftId: string;
  beforeAll(async () => {
    s3 = await startS3Server();
    w = await demoWorld({ env: s3.env });
    pushed = await w.pushedContract(); // its materials and e-contract: only read
    draftId = (await w.readyContract()).id; // not pushed: takes more materials
  });
  afterAll(async () => {
    await w?.close();
    await s3?.stop();
  });

  const objects = () =>
    readdirSync(join(s3.dir, s3.bucket), { recursive: true, withFileTypes: true })
      .filter((d) => d.isFile() && d.name.endsWith('._S3rver_object'))
      .map((d) => ({ key: basename(d.name, '._S3rver_object'), bytes: readFileSync(join(d.parentPath, d.name)) }));
  const upload = (category: string, name: string, type: string, data: Buffer) => {
    const mp = multipartBody({}, { name, type, data });
    return w.seller.request('POST', `/api/contracts/${draftId}/materials?category=${category}`, mp.body, mp.headers);
  };
  /**
   * Damages a stored blob's object in the bucket, runs `check`, then puts the stored object back:
   * every other test finds the bucket whole.
   */
  const whileDamaged = async (sha: string, bytes: Buffer, check: () => Promise<void>) => {
    const key = `blobs/${sha.slice(0, 2)}/${sha}`;
    const stored = readFileSync(s3.objectFile(key));
    const raw = s3Client(s3.env);
    try {
      await raw.send(new PutObjectCommand({ Bucket: s3.bucket, Key: key, Body: bytes }));
      await check();
    } finally {
      await raw.send(new PutObjectCommand({ Bucket: s3.bucket, Key: key, Body: stored }));
      raw.destroy();
    }
  };

  it('uploads the materials, renders the e-contract and pushes it to the notary office (生成电子合同并推送公证处)', async () => {
    const e = await w.seller.get(`/api/contracts/${pushed.id}/econtract`);
    expect(e.status).toBe(200);
    expect(e.raw.subarray(0, 5).toString()).toBe('%PDF-');
  });

  it('holds every blob in the bucket sealed (issue 11 item 12), opening to exactly the bytes its key names', async () => {
    const all = objects();
    expect(all.length).toBeGreaterThan(6); // the materials, the e-contract, …
    for (const o of all) {
      expect(sha256Hex(o.bytes), `${o.key} is stored in clear`).not.toBe(o.key);
      expect(sha256Hex(await w.server.ctx.blobs.getBuffer(o.key)), o.key).toBe(o.key);
    }
  });

  it('serves a material byte for byte, and refuses it with 500 BLOB_INTEGRITY once the stored object is damaged', async () => {
    const pdf = await noisePdf(200);
    const up = await upload('other', '补充说明.pdf', 'application/pdf', pdf);
    expect(up.status).toBe(201);
    const url = `/api/contracts/${draftId}/materials/${up.body.id}/file`;
    const ok = await w.seller.get(url);
    expect(ok.status).toBe(200);
    expect(ok.raw.equals(pdf)).toBe(true);

    const bad = Buffer.from(pdf);
    bad[bad.length >> 1] ^= 0xff;
    await whileDamaged(up.body.fileSha256, bad, async () => {
      const refused = await w.seller.get(url);
      expect(refused.status).toBe(500);
      expect(refused.body.code).toBe('BLOB_INTEGRITY');
      expect(refused.raw.includes(bad.subarray(0, 40))).toBe(false);
    });
  });

  it('cuts a large damaged file short of its length, so no client takes it as the file', async () => {
    const pdf = await noisePdf(1900); // over 4 MiB: served streamed, not read whole first
    expect(pdf.length).toBeGreaterThan(4 * 1024 * 1024);
    const up = await upload('other', '大文件.pdf', 'application/pdf', pdf);
    expect(up.status).toBe(201);
    const bad = Buffer.from(pdf);
    bad[bad.length - 1] ^= 0xff;
    await whileDamaged(up.body.fileSha256, bad, async () => {
      const base = await w.server.app.listen({ host: '127.0.0.1', port: 0 });
      const res = await fetch(`${base}/api/contracts/${draftId}/materials/${up.body.id}/file`, {
        headers: { cookie: w.seller.cookie },
      });
      // whatever status went out before the end was reached, the body never completes
      await expect(res.arrayBuffer()).rejects.toThrow();
    });
  });
});
