import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { eq } from 'drizzle-orm';
import {
  createCertificationRequest,
  createOcspRequest,
  createRootCa,
  issueOrganisationCertificate,
  keyIdOf,
  parsePem,
  readOcspResponse,
  revocationPointersOf,
  serialOf,
} from '@netsign/documents';
import { platformCa } from '../documents/keys';
import { revokeCertificate } from '../documents/revoke-certificate';
import { demoWorld, type DemoWorld } from '../../testing/world';
import type { ApiClient } from '../../testing/http-client';
import { DEMO_BUYERS } from '../../demo/demo-accounts';
import { expectOk } from '../../demo/walk/expect';
import { buyerApplications, caseDocuments } from './tables';

// 签署 with a key only the phone holds: WebCrypto here plays the phone. Each request body is
// checked to carry no private key; bad input answers a stable code and changes nothing.
const [ZHANG, SMITH] = DEMO_BUYERS;

describe('buyers sign the e-contract, their 申请表 and 告知 with their own keys', () => {
  let w: DemoWorld;
  let c: { id: string; token: string; businessNo: string };
  const apps: Record<string, { api: ApiClient; id: string; keys: CryptoKeyPair; name: string }> = {};
  const sent: string[] = [];
  let smithEarly: { requestId: string; documents: { documentId: string; signedAttributes: string }[] };

  async function signIn(phone: string) {
    const api = w.client();
    expectOk(await api.post('/api/buyer/otp', { phone }), '获取验证码');
    const outbox = expectOk(await api.get(`/api/dev/outbox?to=${encodeURIComponent(phone)}`), '发件箱') as {
      body: string;
    }[];
    const code = outbox.map((m) => /验证码为 (\d{6})/.exec(m.body)?.[1]).find(Boolean);
    expectOk(await api.post('/api/buyer/login', { phone, code }), '验证码登录');
    return api;
  }
  const post = (who: string, path: string, body?: unknown) => {
    if (body !== undefined) sent.push(JSON.stringify(body));
    return apps[who].api.post(`/api/buyer/applications/${apps[who].id}/signing/${path}`, body ?? {});
  };
  const newKeys = () =>
    crypto.subtle.generateKey({ name: 'ECDSA', namedCurve: 'P-256' }, false, [
      'sign',
      'verify',
    ]) as Promise<CryptoKeyPair>;
  const csr = async (keys: CryptoKeyPair, name: string) =>
    Buffer.from(await createCertificationRequest(keys, name)).toString('base64');
  const sign = async (keys: CryptoKeyPair, docs: { documentId: string; signedAttributes: string }[]) =>
    Promise.all(
      docs.map(async (d) => ({
        documentId: d.documentId,
        signature: Buffer.from(
          await crypto.subtle.sign(
            { name: 'ECDSA', hash: 'SHA-256' },
            keys.privateKey,
            Buffer.from(d.signedAttributes, 'base64'),
          ),
        ).toString('base64'),
      })),
    );
  const econtractSha = async () =>
    (
      await w.server.ctx.db
        .select()
        .from(caseDocuments)
        .where(
          eq(
            caseDocuments.caseId,
            (
              await w.server.ctx.db.select().from(buyerApplications).where(eq(buyerApplications.id, apps.zhang.id))
            )[0].caseId,
          ),
        )
    ).find((d) => d.kind === 'econtract')!.fileSha256;
  async function verifyUpload(pdf: Buffer) {
    const boundary = 'x';
    const body = Buffer.concat([
      Buffer.from(
        `--${boundary}\r\ncontent-disposition: form-data; name="file"; filename="c.pdf"\r\ncontent-type: application/pdf\r\n\r\n`,
      ),
      pdf,
      Buffer.from(`\r\n--${boundary}--\r\n`),
    ]);
    return (
      await w.server.app.inject({
        method: 'POST',
        url: '/api/public/verify',
        payload: body,
        headers: { 'content-type': `multipart/form-data; boundary=${boundary}` },
      })
    ).json();
  }

  beforeAll(async () => {
    w = await demoWorld();
    c = await w.pushedContract([ZHANG, SMITH]);
    for (const [who, b, i] of [
      ['zhang', ZHANG, 0],
      ['smith', SMITH, 1],
    ] as const) {
      const api = await signIn(b.phone);
      const id = expectOk(await api.post('/api/buyer/claim', { token: c.token, buyerIndex: i }), '选中').id as string;
      apps[who] = { api, id, keys: await newKeys(), name: b.name };
      // arranged: identity verified and the four documents read and agreed (tested in buyer-steps.test.ts)
      await w.server.ctx.db.update(buyerApplications).set({ status: '已阅读' }).where(eq(buyerApplications.id, id));
    }
  }, 300_000);
  afterAll(() => w?.close());

  it('refuses to prepare before a certificate, and a request whose name is not the verified buyer', async () => {
    const r = await post('zhang', 'prepare');
    expect([r.status, r.body.code]).toEqual([409, 'SIGNING_CERTIFICATE_REQUIRED']);
    const wrong = await post('zhang', 'certificate', { csr: await csr(apps.zhang.keys, SMITH.name) });
    expect([wrong.status, wrong.body.code]).toEqual([400, 'CSR_SUBJECT_MISMATCH']);
    expect(wrong.body.message).toMatch(/[\u4e00-\u9fff]/);
    const junk = await post('zhang', 'certificate', { csr: Buffer.from('not a request').toString('base64') });
    expect([junk.status, junk.body.code]).toEqual([400, 'CSR_INVALID']);
  });

  it('a signature by another key is refused (422) and nothing is signed; the right one signs all three', async () => {
    const cert = await post('zhang', 'certificate', { csr: await csr(apps.zhang.keys, ZHANG.name) });
    expect(cert.status).toBe(200);
    expect(cert.body.certificate).toContain('BEGIN CERTIFICATE');
    const p = expectOk(await post('zhang', 'prepare'), '准备');
    expect(p.documents.map((d: any) => d.kind).sort()).toEqual(['application_form', 'econtract', 'notice']);
    const before = await econtractSha();
    const bad = await post('zhang', 'complete', {
      requestId: p.requestId,
      signatures: await sign(await newKeys(), p.documents),
    });
    expect([bad.status, bad.body.code]).toEqual([422, 'SIGNATURE_INVALID']);
    expect(await econtractSha()).toBe(before);
    // 史密斯 prepares now, before 张明's signature lands on the shared e-contract
    expectOk(await post('smith', 'certificate', { csr: await csr(apps.smith.keys, SMITH.name) }), '证书');
    smithEarly = expectOk(await post('smith', 'prepare'), '准备');
    const ok = await post('zhang', 'complete', {
      requestId: p.requestId,
      signatures: await sign(apps.zhang.keys, p.documents),
    });
    expect(ok.status).toBe(200);
    expect(await econtractSha()).not.toBe(before);
    // replayed, and again after everything is signed
    const replay = await post('zhang', 'complete', {
      requestId: p.requestId,
      signatures: await sign(apps.zhang.keys, p.documents),
    });
    expect([replay.status, replay.body.code]).toEqual([409, 'SIGNING_REQUEST_STALE']);
    expect((await post('zhang', 'prepare')).body.code).toBe('ALREADY_SIGNED');
    // the buyer's own 申请表 now verifies: signed by that buyer, on record
    const formSha = ok.body.signed.find((s: any) => s.kind === 'application_form').sha256;
    const form = await verifyUpload(await w.server.ctx.blobs.getBuffer(formSha));
    expect(form.problems).toEqual([]);
    expect(form.signatures[0]).toMatchObject({ role: 'buyer', context: { buyerIndex: 0, reference: c.businessNo } });
  });

  it('a request prepared before the other buyer signed the shared e-contract is stale; prepared again, the contract carries every signature', async () => {
    const raced = await post('smith', 'complete', {
      requestId: smithEarly.requestId,
      signatures: await sign(apps.smith.keys, smithEarly.documents),
    });
    expect([raced.status, raced.body.code]).toEqual([409, 'SIGNING_REQUEST_STALE']);
    // prepared again — then voided by a new certificate (the key was lost: sign again, no copy)
    const first = expectOk(await post('smith', 'prepare'), '准备');
    const lost = await newKeys();
    expectOk(await post('smith', 'certificate', { csr: await csr(lost, SMITH.name) }), '新证书');
    const stale = await post('smith', 'complete', {
      requestId: first.requestId,
      signatures: await sign(apps.smith.keys, first.documents),
    });
    expect([stale.status, stale.body.code]).toEqual([409, 'SIGNING_REQUEST_STALE']);
    const again = expectOk(await post('smith', 'prepare'), '准备');
    expectOk(
      await post('smith', 'complete', { requestId: again.requestId, signatures: await sign(lost, again.documents) }),
      '签署',
    );
    const contract = await verifyUpload(await w.server.ctx.blobs.getBuffer(await econtractSha()));
    expect(contract.problems).toEqual([]);
    expect(contract.valid).toBe(true);
    expect(contract.signatures.map((s: any) => [s.role, s.context?.buyerIndex ?? null])).toEqual([
      ['seller', null],
      ['buyer', 0],
      ['buyer', 1],
    ]);
  });

  it("an event certificate names the CRL and the OCSP responder; a lost phone's certificate is revoked by its PEM, and OCSP says so", async () => {
    // the certificate 张明 signed with, as the notary's signature list shows it
    const [row] = await w.server.ctx.db.select().from(buyerApplications).where(eq(buyerApplications.id, apps.zhang.id));
    const issued = (row.steps as any).signing.certificatePem as string;
    const ca = await platformCa(w.server.ctx);
    expect(revocationPointersOf(parsePem(issued))).toEqual({
      crlUrl: `http://netsign.test/api/pki/crl/${keyIdOf(ca.certPem)}.crl`,
      ocspUrl: 'http://netsign.test/api/pki/ocsp',
    });
    const [leaf, issuer] = [parsePem(issued), parsePem(ca.certPem)];
    const ocsp = async () => {
      const res = await w.server.app.inject({
        method: 'POST',
        url: '/api/pki/ocsp',
        payload: await createOcspRequest(leaf, issuer),
        headers: { 'content-type': 'application/ocsp-request' },
      });
      const facts = await readOcspResponse(res.rawPayload, leaf, issuer);
      expect(facts.signatureOk && facts.responderAuthorized).toBe(true);
      return facts.status;
    };
    expect((await ocsp()).status).toBe('good');
    const r = await revokeCertificate(w.server.ctx, issued, 'keyCompromise', 'test');
    expect(r.serial).toBe(serialOf(leaf));
    expect(await ocsp()).toMatchObject({ status: 'revoked', reason: 'keyCompromise' });
    await expect(revokeCertificate(w.server.ctx, issued, 'keyCompromise', 'test')).rejects.toMatchObject({
      code: 'KEY_ALREADY_REVOKED',
    });
    // a certificate of another CA, even one copying our CA's names, is not ours to revoke
    const stranger = await issueOrganisationCertificate(await createRootCa({ name: 'netsign 平台根证书' }), {
      name: ZHANG.name,
      kind: 'seller',
    });
    await expect(revokeCertificate(w.server.ctx, stranger.certPem, 'keyCompromise', 'test')).rejects.toMatchObject({
      code: 'KEY_NOT_PLATFORM_ISSUED',
    });
    await expect(revokeCertificate(w.server.ctx, 'not a certificate', 'keyCompromise', 'test')).rejects.toMatchObject({
      code: 'CERTIFICATE_UNREADABLE',
      status: 400,
    });
  });

  it('never sent a private key', () => {
    expect(sent.length).toBeGreaterThan(5);
    for (const b of sent) expect(b).not.toMatch(/PRIVATE KEY|"d":|pkcs8/i);
  });
});
