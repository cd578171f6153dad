import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createHash } from 'node:crypto';
import { readdirSync } from 'node:fs';
import { join } from 'node:path';
import { and, count, eq } from 'drizzle-orm';
import sharp from 'sharp';
import { demoWorld, type DemoWorld } from '../../testing/world';
import { multipartBody } from '../../testing/http-client';
import { contractMaterials } from '../contracts/tables';
import { files } from './tables';
import { auditLog } from '../audit/tables';

// Files (issue 2): an upload is judged by its bytes, not its name; images are re-encoded so their
// metadata goes; a file over the category's size is refused and leaves nothing; each file's SHA-256 is kept.
const sha256 = (b: Buffer) => createHash('sha256').update(b).digest('hex');

describe('material uploads', () => {
  let w: DemoWorld;
  let contractId: string;
  let png: Buffer;
  let pdf: Buffer;

  const upload = (category: string, name: string, type: string, data: Buffer) => {
    const mp = multipartBody({}, { name, type, data });
    return w.seller.request('POST', `/api/contracts/${contractId}/materials?category=${category}`, mp.body, mp.headers);
  };
  const materials = () =>
    w.server.ctx.db.select().from(contractMaterials).where(eq(contractMaterials.contractId, contractId));
  const fileCount = async () => (await w.server.ctx.db.select({ n: count() }).from(files))[0].n;
  const blobCount = () => {
    const dir = join(w.server.ctx.config.dataDir, 'blobs');
    return readdirSync(dir, { recursive: true, withFileTypes: true }).filter((d) => d.isFile()).length;
  };

  beforeAll(async () => {
    w = await demoWorld();
    contractId = (await w.readyContract()).id;
    png = await sharp({ create: { width: 64, height: 48, channels: 3, background: '#3a7' } })
      .png()
      .toBuffer();
    pdf = Buffer.from('%PDF-1.4\n1 0 obj << /Type /Catalog >> endobj\ntrailer << /Root 1 0 R >>\n%%EOF\n');
  });
  afterAll(() => w?.close());

  it('takes a PNG named x.pdf as image/png', async () => {
    const r = await upload('other', 'x.pdf', 'application/pdf', png);
    expect(r.status).toBe(201);
    expect(r.body.mime).toBe('image/png');
    const [row] = await w.server.ctx.db.select().from(files).where(eq(files.sha256, r.body.fileSha256));
    expect(row.mime).toBe('image/png');
  });

  it('refuses a text file named x.png with 415 FILE_TYPE_NOT_ALLOWED naming the category', async () => {
    const before = (await materials()).length;
    const r = await upload(
      'floor_plan',
      'x.png',
      'image/png',
      Buffer.from('这不是图片 just some text, not an image at all\n'.repeat(20)),
    );
    expect(r.status).toBe(415);
    expect(r.body.code).toBe('FILE_TYPE_NOT_ALLOWED');
    expect(r.body.message).toContain('房屋平面图');
    expect(r.body.violations).toEqual([expect.objectContaining({ field: 'file', code: 'FILE_TYPE_NOT_ALLOWED' })]);
    expect((await materials()).length).toBe(before);
  });

  it('refuses a real PDF in a category that takes only images (415)', async () => {
    const before = (await materials()).length;
    const r = await upload('floor_plan', '平面图.pdf', 'application/pdf', pdf);
    expect(r.status).toBe(415);
    expect(r.body.code).toBe('FILE_TYPE_NOT_ALLOWED');
    expect(r.body.message).toContain('房屋平面图');
    expect(r.body.message).toContain('PDF');
    expect((await materials()).length).toBe(before);
    // the same PDF is fine where PDFs are allowed
    expect((await upload('presale_licence', '预售许可证.pdf', 'application/pdf', pdf)).status).toBe(201);
  });

  it('strips EXIF (GPS, copyright) from a JPEG before storing it', async () => {
    const jpeg = await sharp({ create: { width: 80, height: 60, channels: 3, background: '#c84' } })
      .jpeg()
      .withExif({
        IFD0: { Copyright: 'x', Artist: 'someone' },
        IFD3: {
          GPSLatitudeRef: 'N',
          GPSLatitude: '22/1 31/1 0/1',
          GPSLongitudeRef: 'E',
          GPSLongitude: '113/1 22/1 0/1',
        },
      })
      .toBuffer();
    expect((await sharp(jpeg).metadata()).exif).toBeDefined(); // the test's input really carries EXIF
    const r = await upload('floor_plan', 'photo.jpg', 'image/jpeg', jpeg);
    expect(r.status).toBe(201);
    expect(r.body.mime).toBe('image/jpeg');
    const back = await w.seller.get(`/api/contracts/${contractId}/materials/${r.body.id}/file`);
    expect(back.status).toBe(200);
    expect(back.headers['content-type']).toContain('image/jpeg');
    const meta = await sharp(back.raw).metadata();
    expect(meta.format).toBe('jpeg');
    expect(meta.exif).toBeUndefined();
    expect(back.raw.includes(Buffer.from('someone'))).toBe(false);
  });

  it('keeps the SHA-256 of exactly the bytes it serves back', async () => {
    const r = await upload('other', '说明.pdf', 'application/pdf', pdf);
    expect(r.status).toBe(201);
    const back = await w.seller.get(`/api/contracts/${contractId}/materials/${r.body.id}/file`);
    expect(back.status).toBe(200);
    expect(sha256(back.raw)).toBe(r.body.fileSha256);
    expect(back.raw.equals(pdf)).toBe(true); // a PDF is stored as sent
    // 电子签名法 art. 5–6: who read which file, and when, is in the audit log
    const reads = await w.server.ctx.db
      .select()
      .from(auditLog)
      .where(and(eq(auditLog.action, 'file.read'), eq(auditLog.entityId, contractId)));
    expect(reads.some((e) => (e.data as any).sha256 === r.body.fileSha256)).toBe(true);
    const [row] = await w.server.ctx.db.select().from(files).where(eq(files.sha256, r.body.fileSha256));
    expect(row).toMatchObject({ size: pdf.length, mime: 'application/pdf' });
    // a re-encoded image: the hash is of what is stored and served, not of what was sent
    const img = await upload('other', 'p.png', 'image/png', png);
    const imgBack = await w.seller.get(`/api/contracts/${contractId}/materials/${img.body.id}/file`);
    expect(sha256(imgBack.raw)).toBe(img.body.fileSha256);
  });

  it('refuses a file over the category limit with 413 and records nothing', async () => {
    const materialsBefore = (await materials()).length;
    const filesBefore = await fileCount();
    const blobsBefore = blobCount();
    // 预售许可证 takes at most 10 MB; a PDF streams to the store, an image is decoded: try both
    const bigPdf = Buffer.concat([pdf, Buffer.alloc(10 * 1048576 + 1, 0x20)]);
    const r1 = await upload('presale_licence', 'big.pdf', 'application/pdf', bigPdf);
    expect(r1.status).toBe(413);
    expect(r1.body.code).toBe('FILE_TOO_LARGE');
    const bigPng = Buffer.concat([png, Buffer.alloc(10 * 1048576 + 1)]);
    const r2 = await upload('business_licence', 'big.png', 'image/png', bigPng);
    expect(r2.status).toBe(413);
    expect(r2.body.code).toBe('FILE_TOO_LARGE');
    expect((await materials()).length).toBe(materialsBefore);
    expect(await fileCount()).toBe(filesBefore);
    expect(blobCount()).toBe(blobsBefore);
  });

  it('refuses an image of more pixels than any camera makes (a decompression bomb) with 413', async () => {
    const huge = await sharp({ create: { width: 8000, height: 7000, channels: 3, background: '#fff' } })
      .png({ compressionLevel: 9 })
      .toBuffer();
    const before = (await materials()).length;
    const r = await upload('floor_plan', 'plan.png', 'image/png', huge);
    expect(r.status).toBe(413);
    expect(r.body.code).toBe('IMAGE_TOO_LARGE');
    expect((await materials()).length).toBe(before);
  });
});
