// Revocation as outside tools and the verifier see it: certificates name the CRL and the OCSP
// responder (openssl x509), openssl reads our CRL and checks our OCSP answers, and the verifier
// keeps a signature time-stamped before its certificate's revocation valid and refuses one after.
import { join } from 'node:path';
import { writeFileSync } from 'node:fs';
import { beforeAll, describe, expect, it } from 'vitest';
import { createRootCa, issueOcspResponderCertificate, issueOrganisationCertificate, type Credential } from './keys.ts';
import {
  createOcspRequest,
  issueCrl,
  ocspRespond,
  parsePem,
  readCrl,
  readOcspResponse,
  serialOf,
  type OcspStatus,
  type RevokedEntry,
} from './revocation.ts';
import { signPdf } from './sign.ts';
import { createTimestampAuthority, localTimestamper } from './tsa.ts';
import { verifyPdf } from './verify.ts';
import { renderFilingRecord } from '../render/filing-record.ts';
import { sampleFiling } from '../testing/samples.ts';
import { nssDbTrusting, run, tmp, writePdf } from '../testing/tools.ts';
import { createServer } from 'node:http';
import { spawn } from 'node:child_process';

const pointers = {
  crlUrl: 'https://netsign.example/api/pki/crl/ca.crl',
  ocspUrl: 'https://netsign.example/api/pki/ocsp',
};
let ca: Credential, center: Credential, responder: Credential, tsaCred: Credential, pdf: Buffer;
const day = 24 * 3600_000;
const ago = (ms: number) => new Date(Math.floor((Date.now() - ms) / 1000) * 1000); // CRL times are whole seconds

beforeAll(async () => {
  ca = await createRootCa();
  [center, responder, tsaCred] = await Promise.all([
    issueOrganisationCertificate(ca, { name: '中山市房地产交易管理事务中心', kind: 'center', revocation: pointers }),
    issueOcspResponderCertificate(ca),
    issueOrganisationCertificate(ca, { name: 'netsign', kind: 'tsa' }),
  ]);
  pdf = (await renderFilingRecord(sampleFiling())).pdf;
});

const signedAt = async (t: Date) =>
  signPdf(pdf, center, {
    reason: '合同备案',
    docMdp: 1,
    timestamp: localTimestamper(createTimestampAuthority(tsaCred, { now: () => t })),
  });
const crl = (entries: RevokedEntry[], at = new Date()) =>
  issueCrl(ca, entries, { number: 2, thisUpdate: at, nextUpdate: new Date(at.getTime() + day) });

describe('certificates name their CRL and OCSP responder', () => {
  it('openssl x509 shows the CRL distribution point and the AIA OCSP URI', () => {
    const dir = tmp();
    writeFileSync(join(dir, 'c.pem'), center.certPem);
    const out = run('openssl', ['x509', '-in', join(dir, 'c.pem'), '-noout', '-text']).out;
    expect(out).toMatch(/X509v3 CRL Distribution Points:[\s\S]*URI:https:\/\/netsign\.example\/api\/pki\/crl\/ca\.crl/);
    expect(out).toMatch(/Authority Information Access:[\s\S]*OCSP - URI:https:\/\/netsign\.example\/api\/pki\/ocsp/);
  });
  it('the OCSP responder certificate is for OCSP signing only and carries ocsp-nocheck', () => {
    const dir = tmp();
    writeFileSync(join(dir, 'r.pem'), responder.certPem);
    const out = run('openssl', ['x509', '-in', join(dir, 'r.pem'), '-noout', '-text']).out;
    expect(out).toMatch(/X509v3 Extended Key Usage: critical\s+OCSP Signing\s/);
    expect(out).toMatch(/OCSP No Check/);
  });
});

describe('CRL', () => {
  it('openssl crl -inform DER reads it: issuer, number, the revoked serial and its reason', async () => {
    const serial = serialOf(parsePem(center.certPem));
    const der = await crl([{ serial, revokedAt: new Date('2026-11-20T08:00:00Z'), reason: 'keyCompromise' }]);
    const dir = tmp();
    writeFileSync(join(dir, 'ca.crl'), der);
    writeFileSync(join(dir, 'ca.pem'), ca.certPem);
    const out = run('openssl', ['crl', '-inform', 'DER', '-in', join(dir, 'ca.crl'), '-noout', '-text']);
    expect(out.code).toBe(0);
    expect(out.out).toMatch(/X509v3 CRL Number:\s+2/);
    expect(out.out.replace(/[\s:]/g, '').toLowerCase()).toContain(`serialnumber${serial}`);
    expect(out.out).toMatch(/Key Compromise/);
    // and its signature is the CA's
    expect(
      run('openssl', ['crl', '-inform', 'DER', '-in', join(dir, 'ca.crl'), '-CAfile', join(dir, 'ca.pem'), '-noout'])
        .err,
    ).toMatch(/verify OK/);
    const facts = await readCrl(der, parsePem(ca.certPem));
    expect(facts!.revoked).toEqual([{ serial, revokedAt: new Date('2026-11-20T08:00:00Z'), reason: 'keyCompromise' }]);
    // another CA's CRL is not taken for this one
    expect(await readCrl(der, parsePem((await createRootCa()).certPem))).toBeNull();
  });
});

describe('the verifier and revocation', () => {
  it('signed before the revocation (by the time-stamp): still valid; the report says when it was revoked', async () => {
    // (the certificate is valid from a day back; signed 12 h ago, revoked 6 h ago)
    const signed = await signedAt(ago(day / 2));
    const revokedAt = ago(day / 4);
    const r = await verifyPdf(signed, {
      trustedRoots: [ca.certPem],
      crls: [await crl([{ serial: serialOf(parsePem(center.certPem)), revokedAt, reason: 'keyCompromise' }])],
    });
    expect(r.valid).toBe(true);
    expect(r.signatures[0].revocation).toMatchObject({
      status: 'revoked',
      before: false,
      reason: 'keyCompromise',
      revokedAt: revokedAt.toISOString(),
    });
  });
  it('signed after the revocation: refused with CERTIFICATE_REVOKED naming time and reason', async () => {
    const signed = await signedAt(new Date());
    const revokedAt = ago(day / 4);
    const r = await verifyPdf(signed, {
      trustedRoots: [ca.certPem],
      crls: [await crl([{ serial: serialOf(parsePem(center.certPem)), revokedAt, reason: 'superseded' }])],
    });
    expect(r.valid).toBe(false);
    expect(r.signaturesValid).toBe(false);
    const f = r.problems.find((p) => p.code === 'CERTIFICATE_REVOKED')!;
    expect(f.zh).toContain('已被新证书取代');
    expect(f.en).toContain(revokedAt.toISOString());
  });
  it('no trusted time-stamp: a revoked certificate is refused whatever /M claims', async () => {
    const signed = await signPdf(pdf, center, { reason: '合同备案', docMdp: 1 });
    const r = await verifyPdf(signed, {
      trustedRoots: [ca.certPem],
      crls: [
        await crl([
          {
            serial: serialOf(parsePem(center.certPem)),
            revokedAt: new Date(Date.now() + day),
            reason: 'keyCompromise',
          },
        ]),
      ],
    });
    expect(r.problems.map((p) => p.code)).toContain('CERTIFICATE_REVOKED');
  });
  it('not revoked: good from the CRL; without a CRL the report says not checked', async () => {
    const signed = await signedAt(new Date());
    expect(
      (await verifyPdf(signed, { trustedRoots: [ca.certPem], crls: [await crl([])] })).signatures[0].revocation.status,
    ).toBe('good');
    const r = await verifyPdf(signed, { trustedRoots: [ca.certPem] });
    expect(r.valid).toBe(true);
    expect(r.signatures[0].revocation.status).toBe('not-checked');
  });
});

describe('OCSP', () => {
  const respond = (req: Buffer, status: OcspStatus) =>
    ocspRespond(req, { cas: [{ ca, responder }], statusOf: async () => status, now: new Date() });

  it('openssl makes the request, our responder answers revoked, openssl checks the delegated signature', async () => {
    const dir = tmp();
    for (const [n, c] of [
      ['ca.pem', ca.certPem],
      ['c.pem', center.certPem],
    ])
      writeFileSync(join(dir, n), c);
    expect(
      run('openssl', [
        'ocsp',
        '-issuer',
        join(dir, 'ca.pem'),
        '-cert',
        join(dir, 'c.pem'),
        '-reqout',
        join(dir, 'req.der'),
      ]).code,
    ).toBe(0);
    const { readFileSync } = await import('node:fs');
    const resp = await respond(readFileSync(join(dir, 'req.der')), {
      status: 'revoked',
      revokedAt: new Date('2026-11-20T08:00:00Z'),
      reason: 'keyCompromise',
    });
    writeFileSync(join(dir, 'resp.der'), resp);
    const out = run('openssl', [
      'ocsp',
      '-respin',
      join(dir, 'resp.der'),
      '-issuer',
      join(dir, 'ca.pem'),
      '-cert',
      join(dir, 'c.pem'),
      '-CAfile',
      join(dir, 'ca.pem'),
      '-no_nonce',
    ]);
    expect(out.err).toMatch(/Response verify OK/);
    expect(out.out).toMatch(/c\.pem: revoked/);
    expect(out.out).toMatch(/Reason: keyCompromise/);
    expect(out.out).toMatch(/Revocation Time: Nov 20 08:00:00 2026 GMT/);
  });

  it('pkijs reads it: good / revoked, signed by an authorised responder, nonce echoed; unknown CA → unauthorized', async () => {
    const leaf = parsePem(center.certPem),
      issuer = parsePem(ca.certPem);
    const nonce = Buffer.from('0123456789abcdef');
    const req = await createOcspRequest(leaf, issuer, nonce);
    const good = await readOcspResponse(await respond(req, { status: 'good' }), leaf, issuer);
    expect(good).toMatchObject({ status: { status: 'good' }, signatureOk: true, responderAuthorized: true });
    expect(good.nonce!.toString('hex')).toContain(nonce.toString('hex'));
    const revoked = await readOcspResponse(
      await respond(req, { status: 'revoked', revokedAt: new Date('2026-11-20T08:00:00Z'), reason: 'superseded' }),
      leaf,
      issuer,
    );
    expect(revoked.status).toEqual({
      status: 'revoked',
      revokedAt: new Date('2026-11-20T08:00:00Z'),
      reason: 'superseded',
    });
    const other = await createRootCa();
    const foreign = await issueOrganisationCertificate(other, { name: 'x', kind: 'seller' });
    const refused = await respond(await createOcspRequest(parsePem(foreign.certPem), parsePem(other.certPem)), {
      status: 'good',
    });
    await expect(readOcspResponse(refused, parsePem(foreign.certPem), parsePem(other.certPem))).rejects.toThrow(
      /status 6/,
    );
    await expect(
      readOcspResponse(await respond(Buffer.from('junk'), { status: 'good' }), leaf, issuer),
    ).rejects.toThrow(/status 1/);
  });
});

describe('pdfsig asks our OCSP responder (named in the certificate) about the signer', () => {
  it('good → Certificate is Trusted; revoked → pdfsig says revoked', async () => {
    let answer: OcspStatus = { status: 'good' };
    const asked: string[] = [];
    const srv = createServer(async (req, res) => {
      const chunks: Buffer[] = [];
      for await (const c of req) chunks.push(c as Buffer);
      const der =
        req.method === 'GET'
          ? Buffer.from(decodeURIComponent(req.url!.split('/').at(-1)!), 'base64')
          : Buffer.concat(chunks);
      asked.push(req.method!);
      res.setHeader('content-type', 'application/ocsp-response');
      res.end(await ocspRespond(der, { cas: [{ ca, responder }], statusOf: async () => answer, now: new Date() }));
    });
    await new Promise<void>((r) => srv.listen(0, '127.0.0.1', r));
    try {
      const base = `http://127.0.0.1:${(srv.address() as { port: number }).port}`;
      const holder = await issueOrganisationCertificate(ca, {
        name: '中山市房地产交易管理事务中心',
        kind: 'center',
        revocation: { crlUrl: `${base}/ca.crl`, ocspUrl: `${base}/ocsp` },
      });
      const file = writePdf(await signPdf(pdf, holder, { reason: '合同备案', docMdp: 1 }));
      // pdfsig runs as a child while this process answers its OCSP requests (spawnSync would block them)
      const check = () =>
        new Promise<string>((resolve) => {
          const p = spawn('pdfsig', ['-nssdir', `sql:${nssDbTrusting(ca.certPem)}`, file]);
          let out = '';
          p.stdout.on('data', (d) => (out += d));
          p.stderr.on('data', (d) => (out += d));
          p.on('exit', () => resolve(out));
        });
      const good = await check();
      expect(good).toContain('Signature is Valid.');
      expect(good).toContain('Certificate is Trusted.');
      expect(asked.length).toBeGreaterThan(0);
      answer = { status: 'revoked', revokedAt: new Date(Date.now() - 60_000), reason: 'keyCompromise' };
      expect(await check()).toMatch(/Certificate has been Revoked/);
    } finally {
      srv.close();
    }
  });
});
