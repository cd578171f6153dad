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

const bin = new URL('../../../apps/server/bin/netsign.mjs', import.meta.url).pathname;
let ca: Credential, server: Server, url: string, signed: Buffer, forged: Buffer;
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
  signed = await signPdf((await renderFilingRecord(sampleFiling())).pdf, center, { reason: '备案', timestamp: localTimestamper(tsa), docMdp: 1 });
  forged = await signPdf(await editPage(signed, 0), await issueOrganisationCertificate(ca, { name: '中山市翠湖置业发展有限公司', kind: 'seller' }), { reason: '更正' });
  onRecord.add(createHash('sha256').update(signed).digest('hex'));
  server = createServer((req, res) => {
    if (req.url === '/api/public/trust-root') { res.setHeader('content-type', 'text/plain'); res.end(ca.certPem); return; }
    const m = /^\/api\/public\/documents\/by-hash\/([0-9a-f]{64})$/.exec(req.url ?? '');
    if (m && onRecord.has(m[1])) { res.setHeader('content-type', 'application/json'); res.end(JSON.stringify({ onRecord: true, kind: 'filing_record' })); return; }
    res.statusCode = 404; res.end('{}');
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
});
