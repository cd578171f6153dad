// Issue 13 item 1 on the running server: the seller's key signs an e-contract, is revoked, and
// the old contract still verifies (its time-stamp precedes the revocation) while a new signature
// is refused; the CRL and OCSP answers say so in forms openssl and pkijs read; rotation and a root
// rollover keep every older document verifiable; nothing stored changes. A test that revokes or
// rotates a key does it to a development company of its own (seller-company.ts).
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createHash } from 'node:crypto';
import { writeFileSync, mkdtempSync } from 'node:fs';
import { spawnSync } from 'node:child_process';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { eq } from 'drizzle-orm';
import {
  createOcspRequest,
  keyIdOf,
  parsePem,
  readOcspResponse,
  revocationPointersOf,
  serialOf,
  verifyPdf,
} from '@netsign/documents';
import { demoWorld, type DemoWorld } from '../../testing/world';
import type { ApiClient } from '../../testing/http-client';
import { sellerCompany, sellerOrganisation } from '../../testing/seller-company';
import { contracts } from '../contracts/tables';
import { keyStore } from '../../platform/tables';
import { organisationCredential, platformCa, trustedRoots } from './keys';
import { currentCrls } from './publish-crl';
import { revokeKey } from './revoke-key';
import { rotateKey } from './rotate-key';
import { verifyUploadedPdf } from './verify-document';

const sha = (b: Buffer) => createHash('sha256').update(b).digest('hex');

describe('revoking and rotating the seller’s key', () => {
  let w: DemoWorld;
  beforeAll(async () => {
    w = await demoWorld();
  }, 240_000);
  afterAll(() => w?.close());

  const verify = async (pdf: Buffer) =>
    verifyPdf(pdf, {
      trustedRoots: await trustedRoots(w.server.ctx),
      crls: await currentCrls(w.server.ctx),
      now: w.server.ctx.clock.now(),
    });
  const econtractOf = async (seller: ApiClient, id: string) => (await seller.get(`/api/contracts/${id}/econtract`)).raw;
  const certificateOf = async (org: { id: string; name: string; kind: string; uscc: string | null }) =>
    (await organisationCredential(w.server.ctx, org)).certPem;

  it('the e-contract the seller signed names the CRL and the OCSP responder under PUBLIC_URL', async () => {
    const first = await w.pushedContract();
    const firstPdf = await econtractOf(w.seller, first.id);
    const [row] = await w.server.ctx.db.select().from(contracts).where(eq(contracts.id, first.id));
    expect(sha(firstPdf)).toBe(row.econtractSha256);
    const { organisations } = await import('../accounts/tables');
    const [sellerOrg] = await w.server.ctx.db.select().from(organisations).where(eq(organisations.id, row.sellerOrgId));
    const sellerCertPem = await certificateOf(sellerOrg);
    const ca = await platformCa(w.server.ctx);
    expect(revocationPointersOf(parsePem(sellerCertPem))).toEqual({
      crlUrl: `http://netsign.test/api/pki/crl/${keyIdOf(ca.certPem)}.crl`,
      ocspUrl: 'http://netsign.test/api/pki/ocsp',
    });
    const r = await verify(firstPdf);
    expect(r.signaturesValid).toBe(true);
    expect(r.signatures[0].revocation.status).toBe('good');
  }, 240_000);

  it('revoked after signing: the old contract stays valid (time-stamp first), unchanged on record; a new signature is refused', async () => {
    const company = await sellerCompany(w, '吊销');
    const first = await company.pushedContract();
    const firstPdf = await econtractOf(company.seller, first.id);
    const sellerCertPem = await certificateOf(company.org);
    await w.clock.advance(60_000);
    const r = await revokeKey(w.server.ctx, `org:${company.org.id}`, 'keyCompromise', 'test');
    expect(r.serial).toBe(serialOf(parsePem(sellerCertPem)));

    const again = await econtractOf(company.seller, first.id);
    expect(sha(again)).toBe(sha(firstPdf)); // revoking never touches a stored document
    const report = await verify(again);
    expect(report.signaturesValid).toBe(true);
    expect(report.problems.map((p) => p.code)).not.toContain('CERTIFICATE_REVOKED');
    expect(report.signatures[0].revocation).toMatchObject({
      status: 'revoked',
      reason: 'keyCompromise',
      before: false,
    });
    // the public verification (/verify, POST /api/public/verify) judges with the server's CRLs too
    const pub = await verifyUploadedPdf(w.server.ctx, again);
    expect(pub.signatures[0].revocation).toMatchObject({ status: 'revoked', before: false });
    expect(pub.problems.map((p) => p.code)).not.toContain('CERTIFICATE_REVOKED');
    expect(pub.onRecord).not.toBeNull();

    // the next contract's e-contract would be signed with the revoked key: refused, nothing half-done
    const next = await company.readyContract();
    const offices = (await company.seller.get(`/api/notary-offices?city=${encodeURIComponent('中山市')}`)).body;
    const push = await company.seller.post(`/api/contracts/${next.id}/push`, {
      notaryOfficeId: offices.find((o: any) => o.name.includes('中山公证处')).id,
    });
    expect(push.status).toBe(409);
    expect(push.body.code).toBe('KEY_REVOKED');
    expect(push.body.message).toMatch(/吊销/);
    const [row] = await w.server.ctx.db.select().from(contracts).where(eq(contracts.id, next.id));
    expect(row.econtractFile).toBeNull();
    expect(row.status).not.toBe('公证中');
  }, 240_000);

  it('the CRL at /api/pki/crl/<ca>.crl lists the serial with its reason (openssl), and OCSP answers revoked (POST and GET)', async () => {
    const org = await sellerOrganisation(w, '证书');
    const sellerCertPem = await certificateOf(org);
    await revokeKey(w.server.ctx, `org:${org.id}`, 'keyCompromise', 'test');
    const serial = serialOf(parsePem(sellerCertPem));

    const crlUrl = revocationPointersOf(parsePem(sellerCertPem)).crlUrl!;
    const res = await w.server.app.inject({ url: new URL(crlUrl).pathname });
    expect(res.statusCode).toBe(200);
    expect(res.headers['content-type']).toBe('application/pkix-crl');
    const dir = mkdtempSync(join(tmpdir(), 'crl-'));
    writeFileSync(join(dir, 'ca.crl'), res.rawPayload);
    const text = spawnSync('openssl', ['crl', '-inform', 'DER', '-in', join(dir, 'ca.crl'), '-noout', '-text'], {
      encoding: 'utf8',
    }).stdout;
    expect(text.replace(/[\s:]/g, '').toLowerCase()).toContain(`serialnumber${serial}`);
    expect(text).toMatch(/Key Compromise/);
    // the reason is this serial's own (other keys of the server may be on the same CRL)
    const entry = text.split('Serial Number:').find((e) => e.replace(/[\s:]/g, '').toLowerCase().startsWith(serial));
    expect(entry).toMatch(/Key Compromise/);
    expect((await w.server.app.inject({ url: '/api/pki/crl/00000000000000000000.crl' })).statusCode).toBe(404);

    const leaf = parsePem(sellerCertPem),
      issuer = parsePem((await platformCa(w.server.ctx)).certPem);
    const req = await createOcspRequest(leaf, issuer);
    const post = await w.server.app.inject({
      method: 'POST',
      url: '/api/pki/ocsp',
      headers: { 'content-type': 'application/ocsp-request' },
      payload: req,
    });
    expect(post.headers['content-type']).toBe('application/ocsp-response');
    const facts = await readOcspResponse(post.rawPayload, leaf, issuer);
    expect(facts).toMatchObject({
      status: { status: 'revoked', reason: 'keyCompromise' },
      signatureOk: true,
      responderAuthorized: true,
    });
    const get = await w.server.app.inject({ url: `/api/pki/ocsp/${encodeURIComponent(req.toString('base64'))}` });
    expect((await readOcspResponse(get.rawPayload, leaf, issuer)).status.status).toBe('revoked');
  }, 120_000);

  it('rotate: a new key signs again; the old certificate is kept; old and new contracts verify; root rollover keeps both trusted', async () => {
    // a company whose key signed a contract, then was compromised and revoked
    const company = await sellerCompany(w, '换发');
    const keyName = `org:${company.org.id}`;
    const first = await company.pushedContract();
    const firstPdf = await econtractOf(company.seller, first.id);
    const sellerCertPem = await certificateOf(company.org);
    await w.clock.advance(60_000);
    await revokeKey(w.server.ctx, keyName, 'keyCompromise', 'test');

    const rotated = await rotateKey(w.server.ctx, keyName, 'test');
    expect(rotated.retiredAs).toBe(`${keyName}#${serialOf(parsePem(sellerCertPem))}`);
    const [kept] = await w.server.ctx.db.select().from(keyStore).where(eq(keyStore.name, rotated.retiredAs!));
    expect(kept.certificatePem).toBe(sellerCertPem);
    expect(kept.encryptedKey).toBeNull(); // only the certificate is kept

    const second = await company.pushedContract();
    const secondPdf = await econtractOf(company.seller, second.id);
    expect((await verify(secondPdf)).signaturesValid).toBe(true);
    expect((await verify(firstPdf)).signaturesValid).toBe(true);

    // root rollover: a new root issues from now on, the old root stays a trust anchor
    const oldRoot = (await platformCa(w.server.ctx)).certPem;
    await rotateKey(w.server.ctx, 'platform-ca', 'test');
    const newRoot = (await platformCa(w.server.ctx)).certPem;
    expect(newRoot).not.toBe(oldRoot);
    expect(await trustedRoots(w.server.ctx)).toEqual(expect.arrayContaining([oldRoot, newRoot]));
    expect((await w.server.app.inject({ url: '/api/public/trust-root' })).body).toContain(
      oldRoot.trim().split('\n')[1],
    );
    expect((await verify(firstPdf)).signaturesValid).toBe(true);
    expect((await verify(secondPdf)).signaturesValid).toBe(true);
    // the old root still publishes its CRL (the first certificate is on it)
    expect((await w.server.app.inject({ url: `/api/pki/crl/${keyIdOf(oldRoot)}.crl` })).statusCode).toBe(200);
    await rotateKey(w.server.ctx, keyName, 'test');
    const third = await company.pushedContract();
    const thirdReport = await verify(await econtractOf(company.seller, third.id));
    expect(thirdReport.signaturesValid).toBe(true);
    expect(thirdReport.signatures[0].chain.at(-1)).toContain('netsign');
    expect(parsePem(await certificateOf(company.org)).issuer.isEqual(parsePem(newRoot).subject)).toBe(true);
  }, 480_000);
});
