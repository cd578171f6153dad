// `netsign verify` as a user runs it: the real CLI in a child process, against a stand-in for the
// server's two public endpoints (trust root, by-hash record lookup).
import { spawn } from 'node:child_process';
import { createServer, type Server } from 'node:http';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createRootCa, issueOrganisationCertificate, type Credential } from './pki/keys.ts';
import { signPdf } from './pki/sign.ts';
import { createTimestampAuthority, localTimestamper } from './pki/tsa.ts';
import { renderFilingRecord } from './render/filing-record.ts';
import { sampleFiling } from './testing/samples.ts';
import { tmp, writePdf } from './testing/tools.ts';
import { editPage } from './testing/forge.ts';
import { createHash } from 'node:crypto';
import { issueCrl, keyIdOf, parsePem, serialOf } from './pki/revocation.ts';
import { addArchiveTimestamp } from './pki/ltv.ts';
import { pkiWorld, type PkiWorld } from './testing/pki-world.ts';

const bin = new URL('../../../apps/server/bin/netsign.mjs', import.meta.url).pathname;
let ca: Credential, server: Server, url: string, signed: Buffer, forged: Buffer, crl: Buffer | undefined;
const onRecord = new Set<string>();

function cli(args: string[]): Promise<{ code: number; out: string }> {
  return new Promise((resolve) => {
    const p = spawn(process.execPath, [bin, 'verify', ...args]);
    let out = '';
    p.stdout.on('data', (d) => (out += d));
    p.stderr.on('data', (d) => (out += d));
    p.on('close', (code) => resolve({ code: code ?? -1, out }));
  });
}

beforeAll(async () => {
  ca = await createRootCa();
  const center = await issueOrganisationCertificate(ca, { name: '中山市房地产交易管理事务中心', kind: 'center' });
  const tsa = createTimestampAuthority(await issueOrganisationCertificate(ca, { name: 'netsign', kind: 'tsa' }));
  signed = await signPdf((await renderFilingRecord(sampleFiling())).pdf, center, {
    reason: '备案',
    timestamp: localTimestamper(tsa),
    docMdp: 1,
  });
  forged = await signPdf(
    await editPage(signed, 0),
    await issueOrganisationCertificate(ca, { name: '中山市翠湖置业发展有限公司', kind: 'seller' }),
    { reason: '更正' },
  );
  onRecord.add(createHash('sha256').update(signed).digest('hex'));
  server = createServer((req, res) => {
    if (req.url === '/api/public/trust-root') {
      res.setHeader('content-type', 'text/plain');
      res.end(ca.certPem);
      return;
    }
    if (crl && req.url === `/api/pki/crl/${keyIdOf(ca.certPem)}.crl`) {
      res.setHeader('content-type', 'application/pkix-crl');
      res.end(crl);
      return;
    }
    const m = /^\/api\/public\/documents\/by-hash\/([0-9a-f]{64})$/.exec(req.url ?? '');
    if (m && onRecord.has(m[1])) {
      res.setHeader('content-type', 'application/json');
      res.end(JSON.stringify({ onRecord: true, kind: 'filing_record' }));
      return;
    }
    res.statusCode = 404;
    res.end('{}');
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', () => r()));
  const addr = server.address();
  url = `http://127.0.0.1:${typeof addr === 'object' && addr ? addr.port : 0}`;
});
afterAll(() => server?.close());

describe('netsign verify', () => {
  it('exits 0 and prints signer, time-stamped time, intact, trusted and on record', async () => {
    const r = await cli([writePdf(signed), '--url', url]);
    expect(r.out).toContain('中山市房地产交易管理事务中心');
    expect(r.out).toMatch(/RFC 3161 时间戳 by netsign 时间戳, trusted/);
    expect(r.out).toMatch(/intact:\s+是 yes/);
    expect(r.out).toMatch(/trusted:\s+是 yes/);
    expect(r.out).toMatch(/on record: 是 yes/);
    expect(r.out).toMatch(/身份 role:\s+交易中心 transaction center/);
    expect(r.out).toMatch(/认证签名 certification, DocMDP 1/);
    expect(r.out).toMatch(/类型 kind:\s+备案证明 filing record/);
    expect(r.out, r.out).toMatch(/结论 result: 有效 VALID/);
    expect(r.code).toBe(0);
  });

  it('exits 1 for a filing record edited after the center certified it and signed again by a seller, naming why', async () => {
    onRecord.add(createHash('sha256').update(forged).digest('hex')); // even if it were on record
    const dir = tmp();
    writeFileSync(join(dir, 'root.pem'), ca.certPem);
    const r = await cli([writePdf(forged), '--trust', join(dir, 'root.pem'), '--offline']);
    expect(r.out).toMatch(/\[CHANGED_AFTER_CERTIFICATION\]/);
    expect(r.out).toMatch(/\[EXTRA_SIGNATURE\]/);
    expect(r.out).toMatch(/结论 result: 无效 NOT VALID/);
    expect(r.code).toBe(1);
  });

  it('exits 1 for a file that is validly signed but not on record', async () => {
    const dir = tmp();
    writeFileSync(join(dir, 'root.pem'), ca.certPem);
    const copy = Buffer.concat([signed]); // same bytes, but the server forgets it
    onRecord.clear();
    const r = await cli([writePdf(copy), '--url', url]);
    expect(r.out).toMatch(/on record: 否 NO/);
    expect(r.code).toBe(1);
    // --offline skips the record, and says so
    const local = await cli([writePdf(copy), '--trust', join(dir, 'root.pem'), '--url', url, '--offline']);
    expect(local.out).toMatch(/未核对平台存档.*--offline/);
    expect(local.code).toBe(0);
    onRecord.add(createHash('sha256').update(signed).digest('hex'));
  });

  it('exits 1 when one byte was changed, and when no root is trusted', async () => {
    const bad = Buffer.from(signed);
    bad[200] = bad[200] === 0x41 ? 0x42 : 0x41;
    const r = await cli([writePdf(bad), '--url', url]);
    expect(r.out).toMatch(/intact:\s+否 NO/);
    expect(r.code).toBe(1);
    const untrusted = await cli([writePdf(signed)]);
    expect(untrusted.out).toMatch(/trusted:\s+否 NO/);
    expect(untrusted.code).toBe(1);
  });

  it("with --url reads the server's CRLs: a revoked signer without a time-stamp is refused, naming the reason; a good one says not revoked", async () => {
    const seller = await issueOrganisationCertificate(ca, { name: '中山市翠湖置业发展有限公司', kind: 'seller' });
    const untimed = await signPdf((await renderFilingRecord(sampleFiling())).pdf, seller, {
      reason: '备案',
      docMdp: 1,
    });
    const at = new Date(Math.floor(Date.now() / 1000) * 1000);
    const serials = [serialOf(parsePem(seller.certPem))];
    crl = await issueCrl(
      ca,
      serials.map((serial) => ({ serial, revokedAt: at, reason: 'keyCompromise' as const })),
      { number: 1, thisUpdate: at, nextUpdate: new Date(at.getTime() + 86400_000) },
    );
    try {
      const r = await cli([writePdf(untimed), '--url', url]);
      expect(r.out).toMatch(/吊销 revocation:\s+已于 .* 吊销（密钥泄露）revoked \(keyCompromise\)/);
      expect(r.out).toMatch(/\[CERTIFICATE_REVOKED\]/);
      expect(r.code).toBe(1);
      const ok = await cli([writePdf(signed), '--url', url]);
      expect(ok.out).toMatch(/吊销 revocation:\s+未吊销 not revoked \(CRL\)/);
    } finally {
      crl = undefined;
    }
  });
});

describe('netsign verify --at (issue 13 item 2: judged on the embedded evidence only)', () => {
  let w: PkiWorld, lta: Buffer, bt: Buffer, rootFile: string;
  beforeAll(async () => {
    w = await pkiWorld();
    const center = await issueOrganisationCertificate(w.ca, { name: '中山市房地产交易管理事务中心', kind: 'center' });
    bt = await signPdf((await renderFilingRecord(sampleFiling())).pdf, center, {
      reason: '备案',
      timestamp: w.stamp,
      docMdp: 1,
    });
    lta = await addArchiveTimestamp(bt, {
      trustedRoots: [w.ca.certPem],
      revocation: w.revocation,
      timestamp: w.stamp,
      tsaCertPem: w.tsa.certPem,
    });
    rootFile = join(tmp(), 'root.pem');
    writeFileSync(rootFile, w.ca.certPem);
  });

  it("exits 0 for a B-LTA filing record in 2045, offline, naming each signature's level and the document time-stamp", async () => {
    const r = await cli([writePdf(lta), '--trust', rootFile, '--offline', '--at', '2045-01-01']);
    expect(r.out).toMatch(/核验时间 judged at: 2045-01-01T00:00:00.000Z .*要求 required: B-LTA/);
    expect(r.out).toMatch(/级别 PAdES level:\s+B-LTA/);
    expect(r.out).toMatch(/B-LTA：文件时间戳 .* 覆盖上述验证数据/);
    expect(r.out).toMatch(/文件时间戳 document time-stamp #1 .*, trusted/);
    expect(r.out).toMatch(/验证数据 DSS: \d+ 证书 certificates, \d+ CRL, \d+ OCSP, 1 VRI/);
    expect(r.out, r.out).toMatch(/结论 result: 有效 VALID/);
    expect(r.code).toBe(0);
  });

  it('exits 1 for the same file without its DSS and document time-stamp, naming why', async () => {
    const r = await cli([writePdf(bt), '--trust', rootFile, '--offline', '--at', '2045-01-01']);
    expect(r.out).toMatch(/级别 PAdES level:\s+B-T/);
    expect(r.out).toMatch(/\[EXPIRED_WITHOUT_LTV\]/);
    expect(r.out).toMatch(/\[LEVEL_BELOW_REQUIRED\]/);
    expect(r.code).toBe(1);
    // today the B-T file is still valid
    expect((await cli([writePdf(bt), '--trust', rootFile, '--offline'])).code).toBe(0);
  });

  it('exits 2 for a date it cannot read', async () => {
    const r = await cli([writePdf(lta), '--trust', rootFile, '--at', '2045-13-45x']);
    expect(r.out).toMatch(/--at needs a date/);
    expect(r.code).toBe(2);
  });
});
