import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { PDFDocument, PDFName, PDFString } from 'pdf-lib';
import { demoWorld, type DemoWorld } from '../testing/world';
import { startTestServer } from '../testing/test-server';
import { multipartBody } from '../testing/http-client';
import { expectOk } from '../demo/walk/expect';

// Issue 11 item 15: security headers on every response; PDFs with JavaScript, launch actions or
// HTML are refused at upload; stored files download as attachments except the PDFs the server
// issued itself (which the apps preview).
describe('security headers and active content', () => {
  let w: DemoWorld;
  let contractId: string;

  beforeAll(async () => {
    w = await demoWorld();
    contractId = (await w.readyContract()).id;
  }, 300_000);
  afterAll(() => w?.close());

  const upload = (name: string, data: Buffer) => {
    const mp = multipartBody({}, { name, type: 'application/pdf', data });
    return w.seller.request('POST', `/api/contracts/${contractId}/materials?category=other`, mp.body, mp.headers);
  };
  async function pdfWith(act: (doc: PDFDocument) => void, useObjectStreams = false) {
    const doc = await PDFDocument.create();
    doc.addPage([200, 200]).drawText('x');
    act(doc);
    return Buffer.from(await doc.save({ useObjectStreams }));
  }

  it('sends CSP, frame, sniffing and referrer headers on pages and API answers (no HSTS over http)', async () => {
    for (const url of ['/api/health', '/verify', '/api/docs/static/index.html', '/api/public/trust-root']) {
      const r = await w.client().get(url);
      const csp = String(r.headers['content-security-policy']);
      expect(csp, url).toContain("default-src 'self'");
      expect(csp, url).toContain("frame-ancestors 'self'");
      expect(csp, url).toContain("object-src 'none'");
      expect(csp, url).toMatch(/script-src 'self'( 'wasm-unsafe-eval')?;/);
      expect(r.headers['x-content-type-options'], url).toBe('nosniff');
      expect(r.headers['referrer-policy'], url).toBe('same-origin');
      expect(r.headers['x-frame-options'], url).toBe('SAMEORIGIN');
      expect(r.headers['strict-transport-security'], url).toBeUndefined();
    }
  });

  it('adds HSTS when the public address is https', async () => {
    const s = await startTestServer({ env: { PUBLIC_URL: 'https://netsign.example' } });
    try {
      const r = await s.app.inject({ method: 'GET', url: '/api/health' });
      expect(r.headers['strict-transport-security']).toMatch(/max-age=31536000/);
      expect(String(r.headers['content-security-policy'])).toContain('upgrade-insecure-requests');
    } finally {
      await s.close();
    }
  }, 120_000);

  it('refuses PDFs that carry JavaScript, launch actions or HTML, however they are written', async () => {
    const js = await pdfWith((d) =>
      d.catalog.set(PDFName.of('OpenAction'), d.context.obj({ S: 'JavaScript', JS: PDFString.of('app.alert(1)') })),
    );
    const packed = await pdfWith(
      (d) =>
        d.catalog.set(
          PDFName.of('OpenAction'),
          d.context.register(d.context.obj({ S: 'JavaScript', JS: PDFString.of('app.alert(1)') })),
        ),
      true,
    );
    const launch = await pdfWith((d) =>
      d.catalog.set(PDFName.of('OpenAction'), d.context.obj({ S: 'Launch', F: PDFString.of('cmd.exe') })),
    );
    const pageAction = await pdfWith((d) =>
      d
        .getPage(0)
        .node.set(PDFName.of('AA'), d.context.obj({ O: d.context.obj({ S: 'JavaScript', JS: PDFString.of('x') }) })),
    );
    const escaped = Buffer.from(
      '%PDF-1.4\n1 0 obj << /Type /Catalog /Pages 2 0 R /OpenAction << /S /J#61vaScript /J#53 (app.alert\\(1\\)) >> >> endobj\n2 0 obj << /Type /Pages /Kids [] /Count 0 >> endobj\ntrailer << /Root 1 0 R >>\n%%EOF\n',
    );
    const html = Buffer.from('%PDF-1.4\n<html><body><script>alert(document.cookie)</script></body></html>\n%%EOF\n');
    for (const [name, bytes, code] of [
      ['js', js, 'PDF_JAVASCRIPT'],
      ['packed', packed, 'PDF_JAVASCRIPT'],
      ['launch', launch, 'PDF_LAUNCH'],
      ['page', pageAction, 'PDF_JAVASCRIPT'],
      ['escaped', escaped, 'PDF_JAVASCRIPT'],
      ['html', html, 'PDF_HTML'],
    ] as const) {
      const r = await upload(`${name}.pdf`, bytes);
      expect(r.status, name).toBe(422);
      expect(r.body.code, name).toBe(code);
      expect(r.body.violations[0].field, name).toBe('file');
    }
    const plain = await upload('plain.pdf', await pdfWith(() => {}));
    expect(plain.status).toBe(201);
  });

  it('serves uploaded files as attachments and only issued PDFs inline', async () => {
    const c = expectOk(await w.seller.get(`/api/contracts/${contractId}`), 'contract');
    const pdf = c.materials.flatMap((m: any) => m.files).find((f: any) => f.mime === 'application/pdf');
    const png = c.materials.flatMap((m: any) => m.files).find((f: any) => f.mime === 'image/png');
    for (const f of [pdf, png]) {
      const r = await w.seller.get(`/api/contracts/${contractId}/materials/${f.id}/file`);
      expect(r.status).toBe(200);
      expect(r.headers['content-disposition']).toMatch(/^attachment;/);
      expect(r.headers['x-content-type-options']).toBe('nosniff');
      expect(String(r.headers['content-security-policy'])).toContain('sandbox');
    }
    const pushed = await w.pushedContract();
    const e = await w.seller.get(`/api/contracts/${pushed.id}/econtract`);
    expect(e.status).toBe(200);
    expect(e.headers['content-disposition']).toMatch(/^inline;/);
  }, 300_000);
});
