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
import { clearFileType, databaseDump, heldBlobs } from './testing/raw-dump';
import { DEMO_ACCOUNTS, DEMO_BUYERS } from './demo/demo-accounts';
import { createHash } from 'node:crypto';
import { readAsice } from '@netsign/documents/archive/asice';
import { verifyCaseArchive } from './modules/notary/verify-case-archive';

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
    result = await walkFlow({
      client: () => new ApiClient(server.app),
      engine,
      advance: (ms) => clock.advance(ms),
      today: clock.now(),
      outDir: out,
    });
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
    // 证词: each buyer's second identity check (manual 4.1 and 4.2), the face route and the document route
    const flat = text.replace(/\s+/g, '');
    expect(flat).toMatch(
      /张明提交申请时，本处再次核验了其身份：再次通过人脸识别核验，与首次核验人脸相似度[01]\.\d\d（阈值/,
    );
    expect(flat).toMatch(
      /SMITHJOHNALEXANDER提交申请时，本处再次核验了其身份：将证件照片页人像与.*佐证视频录制画面\d+\/\d+帧一致再次比对/,
    );
  });

  it("attaches the fully signed e-contract to the 公证书: the seller's certification and every buyer's own signature", async () => {
    const file = join(out, 'attached-econtract.pdf');
    execFileSync('pdfdetach', ['-save', '1', '-o', file, result.certificate]);
    const boundary = 'x';
    const body = Buffer.concat([
      Buffer.from(
        `--${boundary}\r\ncontent-disposition: form-data; name="file"; filename="e.pdf"\r\ncontent-type: application/pdf\r\n\r\n`,
      ),
      readFileSync(file),
      Buffer.from(`\r\n--${boundary}--\r\n`),
    ]);
    const report = (
      await server.app.inject({
        method: 'POST',
        url: '/api/public/verify',
        payload: body,
        headers: { 'content-type': `multipart/form-data; boundary=${boundary}` },
      })
    ).json();
    expect(report.problems).toEqual([]);
    expect(report.kind).toBe('econtract');
    expect(report.signatures.map((s: any) => s.role)).toEqual(['seller', ...Array(report.facts.buyers).fill('buyer')]);
    expect(report.signatures[0]).toMatchObject({ type: 'certification', docMdp: 2 });
  });

  it('answers the QR link with the facts a holder can compare, ID numbers masked', async () => {
    const [c] = await server.ctx.db
      .select()
      .from(notaryCases)
      .where(eq(notaryCases.certificateNumber, result.certificateNumber));
    const html = (
      await server.app.inject({
        url: `/verify?no=${encodeURIComponent(result.certificateNumber)}&code=${c.verificationCode}`,
      })
    ).body;
    expect(html).toContain('✔ 公证书真实有效');
    expect(html).toContain(c.certificateSha256!);
    expect(html).toContain('4420**********1239'); // 张明
    expect(html).not.toContain('442000198001011239');
    expect(html).toMatch(/页数<\/th><td>\d+</);
    expect(html).toMatch(/合同总价款<\/th><td>人民币 [\d,]+\.\d\d 元/);
    expect(html).toContain('认证签名，签署后不得修改');
    // times as a person reads them: Beijing time with the zone named, never UTC ISO text
    expect(html).toMatch(/出具时间<\/th><td>\d{4}-\d\d-\d\d \d\d:\d\d:\d\d 北京时间</);
    expect(html).toMatch(/签名时间 \d{4}-\d\d-\d\d \d\d:\d\d:\d\d 北京时间（时间戳）/);
    expect(html).not.toMatch(/\d\dT\d\d:\d\d/);
  });

  it('lets a party download the archived PDF from the QR page, and nobody else (issue 12 item 5)', async () => {
    const [c] = await server.ctx.db
      .select()
      .from(notaryCases)
      .where(eq(notaryCases.certificateNumber, result.certificateNumber));
    const html = (
      await server.app.inject({
        url: `/verify?no=${encodeURIComponent(result.certificateNumber)}&code=${c.verificationCode}`,
      })
    ).body;
    const href = /href="([^"]+)" data-testid="party-download"/
      .exec(html)?.[1]
      ?.replace(/&#(\d+);/g, (_, n) => String.fromCharCode(Number(n)));
    expect(href).toMatch(/^\/verify\/download\?no=/);
    const signIn = async (username: string) => {
      const password = DEMO_ACCOUNTS.find((a) => a.username === username)!.password;
      const r = await server.app.inject({ method: 'POST', url: '/api/auth/login', payload: { username, password } });
      expect(r.statusCode).toBe(200);
      return String(r.headers['set-cookie']).split(';')[0];
    };
    const nobody = await server.app.inject({ url: href! });
    expect(nobody.statusCode).toBe(401);
    expect(nobody.body).toContain('须先登录');
    const otherOffice = await server.app.inject({ url: href!, headers: { cookie: await signIn('notary2') } });
    expect(otherOffice.statusCode).toBe(403);
    expect(otherOffice.body).toContain('只有本公证书的当事人');
    const wrongCode = await server.app.inject({
      url: href!.replace(/code=[^&]+/, 'code=ABCDEF123456'),
      headers: { cookie: await signIn('seller') },
    });
    expect(wrongCode.statusCode).toBe(404);
    for (const party of ['seller', 'notary']) {
      const r = await server.app.inject({ url: href!, headers: { cookie: await signIn(party) } });
      expect(r.statusCode).toBe(200);
      expect(r.headers['content-type']).toBe('application/pdf');
      expect(createHash('sha256').update(r.rawPayload).digest('hex')).toBe(c.certificateSha256);
    }
  });

  it('answers the QR in JSON as ZCertificateVerification lists it, and the 公证书 by its hash as on record', async () => {
    const [c] = await server.ctx.db
      .select()
      .from(notaryCases)
      .where(eq(notaryCases.certificateNumber, result.certificateNumber));
    const r = await server.app.inject({
      url: `/api/public/certificates/verify?no=${encodeURIComponent(result.certificateNumber)}&code=${c.verificationCode}`,
    });
    expect(r.statusCode).toBe(200);
    const v = r.json();
    expect(v).toMatchObject({ kind: '公证书', certificateNumber: result.certificateNumber, valid: true });
    expect(v.parties.map((p: { id: string }) => p.id)).toContain('4420**********1239');
    expect(r.body).not.toContain('442000198001011239');
    const record = await server.app.inject({ url: `/api/public/documents/by-hash/${c.certificateSha256}` });
    expect(record.json()).toMatchObject({ onRecord: true, kind: 'certificate', reference: result.certificateNumber });
    const none = await server.app.inject({ url: `/api/public/documents/by-hash/${'0'.repeat(64)}` });
    expect([none.statusCode, none.json()]).toEqual([
      404,
      { code: 'NOT_ON_RECORD', message: '平台没有该文件的存档', onRecord: false },
    ]);
  });

  it('has a certificate that the public verification accepts as signed and on record', async () => {
    const pdf = readFileSync(result.certificate);
    const boundary = 'x';
    const body = Buffer.concat([
      Buffer.from(
        `--${boundary}\r\ncontent-disposition: form-data; name="file"; filename="c.pdf"\r\ncontent-type: application/pdf\r\n\r\n`,
      ),
      pdf,
      Buffer.from(`\r\n--${boundary}--\r\n`),
    ]);
    const r = await server.app.inject({
      method: 'POST',
      url: '/api/public/verify',
      payload: body,
      headers: { 'content-type': `multipart/form-data; boundary=${boundary}` },
    });
    const report = r.json();
    expect(report.problems).toEqual([]);
    expect(report.valid).toBe(true);
    expect(report.onRecord.reference).toBe(result.certificateNumber);
    expect(report.signatures.at(-1).signingTime.source).toBe('timestamp');
  });

  it('keeps no ID number and no ID photo, face frame, video or PDF in clear at rest (item 12)', async () => {
    const dump = await databaseDump(server.ctx);
    expect(dump).toContain(result.certificateNumber);
    for (const b of DEMO_BUYERS) expect(dump).not.toContain(b.idNumber);
    const held = heldBlobs(server.dataDir);
    const opened = new Set<string | null>();
    for (const b of held) {
      expect(clearFileType(b.bytes), b.name).toBeNull();
      opened.add(clearFileType(await server.ctx.blobs.getBuffer(b.name)));
    }
    // what the store holds sealed: photos and frames, the evidence video, the documents
    expect(opened).toContain('jpeg');
    expect(opened).toContain('pdf');
    expect(opened.has('mp4') || opened.has('webm')).toBe(true);
  });

  it('writes the case archive (公证卷宗): verify-archive passes it with the platform root, ZIP tools open it, one byte changed in a frame fails it', async () => {
    expect(result.archive).toMatch(/公证卷宗-WQ\d{14}[\dX]\.asice$/);
    const zip = readFileSync(result.archive);
    const root = (await new ApiClient(server.app).get('/api/public/trust-root')).raw.toString();
    const report = await verifyCaseArchive(zip, { trustedRoots: [root], now: clock.now() });
    expect(report.problems).toEqual([]);
    expect(report.decision).toMatchObject({ outcome: 'approved', certificateNumber: result.certificateNumber });
    expect(execFileSync('unzip', ['-t', result.archive]).toString()).toContain('No errors detected');
    // both buyers: the mainland buyer's face checks, the non-mainland buyer's document, handheld photo, video and its text
    const names = [...readAsice(zip).files.keys()];
    for (const n of [
      'buyers/1/face/first/frame-01.jpg',
      'buyers/1/face/second/result.json',
      'buyers/2/identity-document/photo-page.png',
      'buyers/2/video/text.json',
      'buyers/2/video/frame-01.jpg',
      'buyers/2/consent.json',
    ])
      expect(names, n).toContain(n);
    expect(
      names.some((n) => /^buyers\/2\/video\/evidence-video\.(webm|mp4)$/.test(n)),
      'video',
    ).toBe(true);
    expect(
      names.some((n) => /^buyers\/2\/photos\/handheld\.(jpg|png)$/.test(n)),
      'handheld',
    ).toBe(true);
    const frame = readAsice(zip).files.get('buyers/1/face/first/frame-01.jpg')!;
    const forged = Buffer.from(zip);
    forged[zip.indexOf(frame) + 1000] ^= 0x80;
    expect(
      (await verifyCaseArchive(forged, { trustedRoots: [root], now: clock.now() })).problems.map((p) => p.en),
    ).toEqual(['file changed: buyers/1/face/first/frame-01.jpg (its digest differs from the signed manifest)']);
  });

  it('leaves an intact audit chain behind', async () => {
    const { entries, problems } = await verifyAuditChain(server.ctx.db);
    expect(problems).toEqual([]);
    expect(entries).toBeGreaterThan(50);
  });
});
