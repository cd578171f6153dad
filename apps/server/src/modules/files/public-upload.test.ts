import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { PassThrough } from 'node:stream';
import { mkdtempSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { startTestServer } from '../../testing/test-server';
import { PUBLIC_PDF_MAX_BYTES } from './receive-public-upload';

// Issue 11 item 8: the public verification upload needs no sign-in, so it is streamed to a
// temporary file with a PDF-sized cap (50 MB → 413) and one client address uploads one file at a
// time (a claim row in the database, so it holds across instances → 429).
describe('public PDF verification upload', () => {
  let s: Awaited<ReturnType<typeof startTestServer>>;
  // the server's temporary files go to a directory of this file's own: test processes running
  // beside it on the machine make and remove theirs in the shared one meanwhile
  const outerTmp = process.env.TMPDIR;
  let tmp: string;
  beforeAll(async () => {
    tmp = mkdtempSync(join(tmpdir(), 'netsign-public-upload-'));
    process.env.TMPDIR = tmp;
    s = await startTestServer();
  });
  afterAll(async () => {
    await s?.close();
    if (outerTmp === undefined) delete process.env.TMPDIR;
    else process.env.TMPDIR = outerTmp;
    if (tmp) rmSync(tmp, { recursive: true, force: true });
  });

  const boundary = '----netsignverify';
  const head = Buffer.from(
    `--${boundary}\r\ncontent-disposition: form-data; name="file"; filename="a.pdf"\r\ncontent-type: application/pdf\r\n\r\n`,
  );
  const tail = Buffer.from(`\r\n--${boundary}--\r\n`);
  const pdf = Buffer.from('%PDF-1.4\n1 0 obj << /Type /Catalog >> endobj\ntrailer << /Root 1 0 R >>\n%%EOF\n');
  const verify = (payload: Buffer | PassThrough, remoteAddress = '203.0.113.7') =>
    s.app.inject({
      method: 'POST',
      url: '/api/public/verify',
      headers: { 'content-type': `multipart/form-data; boundary=${boundary}` },
      payload,
      remoteAddress,
    });
  const leftovers = () => readdirSync(tmp).filter((n) => n.startsWith('netsign-verify-'));

  it('refuses a file over 50 MB with 413 and keeps nothing of it', async () => {
    const before = leftovers().length;
    const big = Buffer.concat([head, Buffer.from('%PDF-1.4\n'), Buffer.alloc(PUBLIC_PDF_MAX_BYTES + 1024, 0x20), tail]);
    const res = await verify(big);
    expect(res.statusCode).toBe(413);
    expect(res.json().code).toBe('FILE_TOO_LARGE');
    expect(res.json().message).toContain('50 MB');
    expect(leftovers().length).toBe(before);
  });

  it('answers a small PDF (not issued here) without keeping its temporary file', async () => {
    const before = leftovers().length;
    const res = await verify(Buffer.concat([head, pdf, tail]));
    expect(res.statusCode).toBeLessThan(500);
    expect(res.statusCode).not.toBe(429);
    expect(leftovers().length).toBe(before);
  });

  it('lets one client address upload one file at a time (429 for the second), others meanwhile', async () => {
    // the first upload sends its head and waits; the second from the same address is refused
    const slow = new PassThrough();
    slow.write(head);
    slow.write(pdf.subarray(0, 10));
    const first = verify(slow);
    let claimed = false;
    for (let i = 0; i < 100 && !claimed; i++) {
      await new Promise((r) => setTimeout(r, 50));
      const rows: any = await s.ctx.db.execute('select client_key from upload_claims' as any);
      claimed = (rows.rows ?? rows).length > 0;
    }
    expect(claimed).toBe(true);
    const second = await verify(Buffer.concat([head, pdf, tail]));
    expect(second.statusCode).toBe(429);
    expect(second.json().code).toBe('UPLOAD_IN_PROGRESS');
    const other = await verify(Buffer.concat([head, pdf, tail]), '198.51.100.9');
    expect(other.statusCode).not.toBe(429);
    slow.end(Buffer.concat([pdf.subarray(10), tail]));
    expect((await first).statusCode).not.toBe(429);
    // the claim is given back: the same address may upload again
    expect((await verify(Buffer.concat([head, pdf, tail]))).statusCode).not.toBe(429);
  });
});
