// Issue 12, "done means": every PDF the demo produces — every signed document on record (each
// e-contract version, each buyer's 申请表 and 告知, the 收案记录, the 公证书, the 备案证明) and the e-contract
// the 公证书 carries as an attachment — is accepted by tools we did not write: pdfsig with the
// platform root in an NSS database, `mutool sign -v`, and `openssl ts -verify` for each
// signature's time-stamp token. One demo run.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createFaceEngine, type NodeFaceEngine } from '@netsign/face/node';
import {
  nssDbTrusting,
  run,
  signatureTimestamps,
  signatureToolsVerdict,
  writePdf,
} from '@netsign/documents/testing/tools';
import { startTestServer } from '../testing/test-server';
import { ApiClient } from '../testing/http-client';
import type { Clock } from '../platform/clock';
import { seedDemoData } from './seed-demo-data';
import { walkFlow } from './walk/walk-flow';
import { issuedDocuments } from '../modules/documents/tables';
import { verifyPdf } from '@netsign/documents';

/**
 * Server time running at a tenth of real speed (plus what the walk skips ahead): on a loaded
 * 2-core machine making a face challenge's frames can take longer than its 2-minute life, which
 * is not what this test is about. Certificates and time-stamps are checked at real time.
 */
class SlowClock implements Clock {
  private readonly start = Date.now();
  private offset = 0;
  now() {
    return new Date(this.start + (Date.now() - this.start) / 10 + this.offset);
  }
  async advance(ms: number) {
    this.offset += ms;
  }
}

describe("the demo's documents under pdfsig, mutool and openssl ts", () => {
  let server: Awaited<ReturnType<typeof startTestServer>>;
  let engine: NodeFaceEngine;
  let result: Awaited<ReturnType<typeof walkFlow>>;
  const clock = new SlowClock();
  const out = mkdtempSync(join(tmpdir(), 'netsign-demo-sig-'));
  let files: { name: string; kind: string; path: string }[] = [];
  let unsigned: string[] = [];

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
    const all = await server.ctx.db.select().from(issuedDocuments);
    // the 申请表 and 告知 are on record unsigned at case receipt (the copies the buyer reads), then
    // signed by the buyer: the signed versions are what counts
    unsigned = all.filter((r) => !r.signedBy).map((r) => r.kind);
    const rows = all.filter((r) => r.signedBy);
    files = await Promise.all(
      rows.map(async (r) => ({
        name: `${r.title} ${r.reference} ${r.sha256.slice(0, 8)}`,
        kind: r.kind,
        path: writePdf(await server.ctx.blobs.getBuffer(r.sha256), out, `${r.sha256}.pdf`),
      })),
    );
    // the e-contract inside the 公证书, taken out by qpdf under its attachment key
    const key = run('qpdf', ['--list-attachments', result.certificate])
      .out.split('\n')
      .map((l) => /^(\S.*?) ->/.exec(l)?.[1])
      .find(Boolean);
    const attached = execFileSync('qpdf', [`--show-attachment=${key}`, result.certificate], { maxBuffer: 64 << 20 });
    files.push({ name: `公证书附件 ${key}`, kind: 'econtract', path: writePdf(attached, out, 'attached.pdf') });
  }, 900_000);
  afterAll(async () => {
    engine?.dispose();
    await server?.close();
  });

  it('covers every kind, with each buyer their own signed 申请表 and 告知 (only their reading copies are unsigned)', () => {
    expect(unsigned.sort()).toEqual(['application_form', 'application_form', 'notice', 'notice']);
    const count = (k: string) => files.filter((f) => f.kind === k).length;
    expect(count('application_form')).toBe(2);
    expect(count('notice')).toBe(2);
    for (const k of ['econtract', 'intake_record', 'certificate', 'filing_record'])
      expect(count(k), k).toBeGreaterThan(0);
  });

  it('pdfsig and mutool accept every signature of every document; the final e-contract has 1 + 2 buyers', async () => {
    const root = (await new ApiClient(server.app).get('/api/public/trust-root')).raw.toString();
    const nss = nssDbTrusting(root);
    const problems: string[] = [];
    for (const f of files) {
      const v = await signatureToolsVerdict(f.path, nss);
      if (!v.pdfsig) problems.push(`${f.name}: no signature`);
      if (v.pdfsig !== v.mutool) problems.push(`${f.name}: pdfsig saw ${v.pdfsig}, mutool ${v.mutool}`);
      problems.push(...v.problems.map((p) => `${f.name}: ${p}`));
    }
    expect(problems).toEqual([]);
    const attached = files.at(-1)!;
    // the seller's certification, both buyers, and the document time-stamp of B-LTA (issue 13 item 2)
    expect(await signatureToolsVerdict(attached.path, nss)).toMatchObject({ pdfsig: 4, mutool: 4, docTimestamps: 1 });
  }, 300_000);

  it('every final document is B-LTA and passes in 2045 on its embedded evidence; the 公证书 through the real CLI, offline, and stripped of its DSS it fails', async () => {
    const roots = [(await new ApiClient(server.app).get('/api/public/trust-root')).raw.toString()];
    const far = new Date('2045-01-01T00:00:00Z');
    const final = files.filter((f) => f.kind !== 'econtract' || f.name.startsWith('公证书附件'));
    const problems: string[] = [];
    for (const f of [...final, { name: '公证书 (download)', kind: 'certificate', path: result.certificate }]) {
      const r = await verifyPdf(readFileSync(f.path), { trustedRoots: roots, at: far, record: 'offline' });
      if (!r.valid) problems.push(`${f.name}: ${r.problems.map((p) => p.code).join(', ')}`);
      if (r.levels.lowest !== 'B-LTA') problems.push(`${f.name}: lowest level ${r.levels.lowest}`);
    }
    expect(problems).toEqual([]);
    // of the e-contract versions on record only the last, signed by every party, carries LTV data:
    // the versions before it stay B-T (PAdES: the DSS and time-stamp follow the last signature)
    const versions = files.filter((f) => f.kind === 'econtract' && !f.name.startsWith('公证书附件'));
    const finished = [];
    for (const f of versions)
      if ((await verifyPdf(readFileSync(f.path), { trustedRoots: roots })).documentTimestamps.length)
        finished.push(f.name);
    expect(finished).toHaveLength(1);

    const rootFile = join(out, 'root-at.pem');
    writeFileSync(rootFile, roots[0]);
    const cli = (file: string) =>
      run(process.execPath, [
        new URL('../../bin/netsign.mjs', import.meta.url).pathname,
        'verify',
        file,
        '--trust',
        rootFile,
        '--offline',
        '--at',
        '2045-01-01',
      ]);
    const ok = cli(result.certificate);
    expect(ok.out, ok.out + ok.err).toMatch(/结论 result: 有效 VALID/);
    expect(ok.out).toMatch(/级别 PAdES level:\s+B-LTA/);
    expect(ok.code).toBe(0);
    // stripped of its DSS (and the time-stamp over it): the file as the office signed it
    const pdf = readFileSync(result.certificate);
    const [, a, b] = /\/ByteRange\s*\[\s*0\s+\d+\s+(\d+)\s+(\d+)/.exec(pdf.toString('latin1'))!;
    const stripped = writePdf(pdf.subarray(0, Number(a) + Number(b)), out, 'stripped.pdf');
    const bad = cli(stripped);
    expect(bad.out).toMatch(/\[EXPIRED_WITHOUT_LTV\]/);
    expect(bad.out).toMatch(/\[LEVEL_BELOW_REQUIRED\]/);
    expect(bad.code).toBe(1);
  }, 300_000);

  it('openssl ts -verify accepts the time-stamp token of every signature', async () => {
    const rootFile = join(out, 'root.pem');
    writeFileSync(rootFile, (await new ApiClient(server.app).get('/api/public/trust-root')).raw);
    const problems: string[] = [];
    let checked = 0;
    for (const f of files) {
      const stamps = await signatureTimestamps(readFileSync(f.path));
      if (!stamps.length) problems.push(`${f.name}: no time-stamp`);
      for (const [i, s] of stamps.entries()) {
        const tok = join(out, `tst-${checked++}.der`);
        writeFileSync(tok, s.token);
        const v = run('openssl', ['ts', '-verify', '-digest', s.digest, '-in', tok, '-token_in', '-CAfile', rootFile]);
        if (!/Verification: OK/.test(v.out + v.err))
          problems.push(`${f.name} #${i + 1}: ${(v.out + v.err).trim().split('\n').slice(-2).join(' ')}`);
      }
    }
    expect(problems).toEqual([]);
    expect(checked).toBeGreaterThanOrEqual(files.length);
  }, 300_000);
});
