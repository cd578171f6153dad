// Keys: a PKCS#12 that OpenSSL reads and that signs like the original; keys encrypted at rest;
// the time-stamp authority's replies checked by `openssl ts -verify`.
import { createHash } from 'node:crypto';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { createRootCa, exportPkcs12, importPkcs12, issueOrganisationCertificate, type Credential } from './keys.ts';
import { decryptPrivateKey, encryptPrivateKey } from './key-store.ts';
import { createTimestampAuthority, createTimestampRequest, parseTimestampResponse, readTstInfo } from './tsa.ts';
import { signPdf } from './sign.ts';
import { verifyPdf } from './verify.ts';
import { renderFilingRecord } from '../render/filing-record.ts';
import { sampleFiling } from '../testing/samples.ts';
import { run, tmp } from '../testing/tools.ts';

let ca: Credential, center: Credential, tsaCred: Credential;
beforeAll(async () => {
  ca = await createRootCa();
  center = await issueOrganisationCertificate(ca, { name: '中山市房地产交易管理事务中心', kind: 'center' });
  tsaCred = await issueOrganisationCertificate(ca, { name: 'netsign', kind: 'tsa' });
});

describe('PKCS#12', () => {
  it('exports a file OpenSSL opens, and the imported credential signs verifiably', async () => {
    const p12 = exportPkcs12(center, 's3cret');
    const dir = tmp();
    writeFileSync(join(dir, 'c.p12'), p12);
    const o = run('openssl', ['pkcs12', '-in', join(dir, 'c.p12'), '-passin', 'pass:s3cret', '-nokeys']);
    expect(o.code).toBe(0);
    expect(o.out.match(/BEGIN CERTIFICATE/g)).toHaveLength(2);
    expect(() => importPkcs12(p12, 'wrong')).toThrow();
    const back = importPkcs12(p12, 's3cret');
    expect(back.certPem.replace(/\r/g, '')).toBe(center.certPem.replace(/\r/g, ''));
    expect(back.chainPem).toHaveLength(1);
    const pdf = await signPdf((await renderFilingRecord(sampleFiling())).pdf, back, { reason: '备案', docMdp: 1 });
    expect((await verifyPdf(pdf, { trustedRoots: [ca.certPem] })).valid).toBe(true);
  });
});

describe('private keys at rest', () => {
  const master = createHash('sha256').update('test master key').digest();
  it('round-trips, and fails with another master key, another owner or a changed byte', () => {
    const blob = encryptPrivateKey(center.keyPem, master, 'org:42');
    expect(blob).not.toContain('PRIVATE KEY');
    expect(decryptPrivateKey(blob, master, 'org:42')).toBe(center.keyPem);
    expect(() => decryptPrivateKey(blob, createHash('sha256').update('other').digest(), 'org:42')).toThrow();
    expect(() => decryptPrivateKey(blob, master, 'org:43')).toThrow();
    const parts = blob.split('.');
    const ct = Buffer.from(parts[3], 'base64');
    ct[0] ^= 1;
    expect(() =>
      decryptPrivateKey([parts[0], parts[1], parts[2], ct.toString('base64')].join('.'), master, 'org:42'),
    ).toThrow();
    expect(() => encryptPrivateKey(center.keyPem, Buffer.alloc(16))).toThrow(/32 bytes/);
  });
});

describe('time-stamp authority', () => {
  it('answers RFC 3161 requests that openssl ts accepts and verifies against the root', async () => {
    const tsa = createTimestampAuthority(tsaCred);
    const digest = createHash('sha256').update('hello').digest();
    const req = createTimestampRequest(digest);
    const resp = await tsa.respond(req);
    const dir = tmp();
    writeFileSync(join(dir, 'req.tsq'), req);
    writeFileSync(join(dir, 'resp.tsr'), resp);
    writeFileSync(join(dir, 'root.pem'), ca.certPem);
    const text = run('openssl', ['ts', '-reply', '-in', join(dir, 'resp.tsr'), '-text']);
    expect(text.out).toContain('Status: Granted.');
    const v = run('openssl', [
      'ts',
      '-verify',
      '-queryfile',
      join(dir, 'req.tsq'),
      '-in',
      join(dir, 'resp.tsr'),
      '-CAfile',
      join(dir, 'root.pem'),
    ]);
    expect(v.out + v.err).toContain('Verification: OK');
    const token = parseTimestampResponse(resp, digest, req);
    expect(Math.abs(readTstInfo(token).genTime.getTime() - Date.now())).toBeLessThan(60_000);
    expect(() => parseTimestampResponse(resp, createHash('sha256').update('other').digest())).toThrow(
      /different digest/,
    );
  });

  it('gives every token its own serial number, also across instances made in the same millisecond', async () => {
    const fixed = () => new Date('2026-03-15T08:00:00Z');
    const [a, b] = [
      createTimestampAuthority(tsaCred, { now: fixed }),
      createTimestampAuthority(tsaCred, { now: fixed }),
    ];
    const digest = createHash('sha256').update('same').digest();
    const serials = await Promise.all(
      [a, b, a, b, a, b].map(
        async (t) =>
          readTstInfo(parseTimestampResponse(await t.respond(createTimestampRequest(digest)), digest)).serial,
      ),
    );
    expect(new Set(serials).size).toBe(serials.length);
    for (const s of serials) expect(BigInt('0x' + s)).toBeGreaterThanOrEqual(2n ** 64n); // at least 64 random bits
  });

  it('refuses a request for a hash it does not accept', async () => {
    const tsa = createTimestampAuthority(tsaCred);
    const resp = await tsa.respond(Buffer.from('3003020101', 'hex'));
    expect(() => parseTimestampResponse(resp, Buffer.alloc(32))).toThrow(/refused/);
  });
});
