import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createFaceEngine, type NodeFaceEngine } from '@netsign/face/node';
import { startTestServer } from './testing/test-server';
import { ApiClient } from './testing/http-client';
import { TestClock } from './testing/test-clock';
import { seedDemoData } from './demo/seed-demo-data';
import { walkFlow } from './demo/walk/walk-flow';
import { verifyAuditChain } from './modules/audit/verify-audit-chain';
import { eq } from 'drizzle-orm';
import { notaryCases } from './modules/notary/tables';

// The whole manual, through the API, on a fresh database: seller → notary → buyers → notary →
// seller → transaction center, and the paper path.
describe('the whole 电子公证网签 flow', () => {
  let server: Awaited<ReturnType<typeof startTestServer>>;
  let engine: NodeFaceEngine;
  const clock = new TestClock();
  let result: Awaited<ReturnType<typeof walkFlow>>;
  const out = mkdtempSync(join(tmpdir(), 'netsign-flow-'));

  beforeAll(async () => {
    server = await startTestServer({ clock });
    await seedDemoData(server.ctx);
    engine = await createFaceEngine();
    result = await walkFlow({ client: () => new ApiClient(server.app), engine, advance: (ms) => clock.advance(ms), today: clock.now(), outDir: out });
  }, 600_000);
  afterAll(async () => {
    engine?.dispose();
    await server?.close();
  });

  it('ends with both contracts 已备案, each with a filing number', () => {
    expect(result.status).toBe('已备案');
    expect(result.paper.status).toBe('已备案');
    expect(result.filingNumber).toMatch(/^ZSBA\d{4}\d{6}$/);
    expect(result.paper.filingNumber).not.toBe(result.filingNumber);
  });

  it('numbers the first certificate of the office and year 第1号', () => {
    expect(result.certificateNumber).toMatch(/^\(\d{4}\)粤中山证字第1号$/);
  });

  it('gives the seller a 公证书 whose text names the certificate and both buyers', () => {
    const text = execFileSync('pdftotext', [result.certificate, '-']).toString();
    expect(text).toContain(result.certificateNumber);
    expect(text).toContain('张明');
    expect(text).toContain('SMITH');
  });

  it("attaches the fully signed e-contract to the 公证书: the seller's certification and every buyer's own signature", async () => {
    const file = join(out, 'attached-econtract.pdf');
    execFileSync('pdfdetach', ['-save', '1', '-o', file, result.certificate]);
    const boundary = 'x';
    const body = Buffer.concat([Buffer.from(`--${boundary}\r\ncontent-disposition: form-data; name="file"; filename="e.pdf"\r\ncontent-type: application/pdf\r\n\r\n`), readFileSync(file), Buffer.from(`\r\n--${boundary}--\r\n`)]);
    const report = (await server.app.inject({ method: 'POST', url: '/api/public/verify', payload: body, headers: { 'content-type': `multipart/form-data; boundary=${boundary}` } })).json();
    expect(report.problems).toEqual([]);
    expect(report.kind).toBe('econtract');
    expect(report.signatures.map((s: any) => s.role)).toEqual(['seller', ...Array(report.facts.buyers).fill('buyer')]);
    expect(report.signatures[0]).toMatchObject({ type: 'certification', docMdp: 2 });
  });

  it('answers the QR link with the facts a holder can compare, ID numbers masked', async () => {
    const [c] = await server.ctx.db.select().from(notaryCases).where(eq(notaryCases.certificateNumber, result.certificateNumber));
    const html = (await server.app.inject({ url: `/verify?no=${encodeURIComponent(result.certificateNumber)}&code=${c.verificationCode}` })).body;
    expect(html).toContain('✔ 公证书真实有效');
    expect(html).toContain(c.certificateSha256!);
    expect(html).toContain('4420**********1239'); // 张明
    expect(html).not.toContain('442000198001011239');
    expect(html).toMatch(/页数<\/th><td>\d+</);
    expect(html).toMatch(/合同总价款<\/th><td>人民币 [\d,]+\.\d\d 元/);
    expect(html).toContain('认证签名，签署后不得修改');
  });

  it('has a certificate that the public verification accepts as signed and on record', async () => {
    const pdf = readFileSync(result.certificate);
    const boundary = 'x';
    const body = Buffer.concat([Buffer.from(`--${boundary}\r\ncontent-disposition: form-data; name="file"; filename="c.pdf"\r\ncontent-type: application/pdf\r\n\r\n`), pdf, Buffer.from(`\r\n--${boundary}--\r\n`)]);
    const r = await server.app.inject({ method: 'POST', url: '/api/public/verify', payload: body, headers: { 'content-type': `multipart/form-data; boundary=${boundary}` } });
    const report = r.json();
    expect(report.problems).toEqual([]);
    expect(report.valid).toBe(true);
    expect(report.onRecord.reference).toBe(result.certificateNumber);
    expect(report.signatures.at(-1).signingTime.source).toBe('timestamp');
  });

  it('leaves an intact audit chain behind', async () => {
    const { entries, problems } = await verifyAuditChain(server.ctx.db);
    expect(problems).toEqual([]);
    expect(entries).toBeGreaterThan(50);
  });
});
