// Keys behind PKCS#11 (issue 13 item 4), against a SoftHSM2 token the test makes: the key is made
// in the token, certified by the CA, signs a PDF that pdfsig and mutool accept, and cannot be read
// out — the token refuses its private exponent.
import { beforeAll, describe, expect, it } from 'vitest';
import { createRootCa, issueOrganisationCertificate, type Credential } from './keys.ts';
import { credentialSigner, signPdfWith } from './signer.ts';
import { openPkcs11, type Pkcs11KeyStore } from './pkcs11.ts';
import { createTimestampAuthority, localTimestamper } from './tsa.ts';
import { verifyPdf } from './verify.ts';
import { renderFilingRecord } from '../render/filing-record.ts';
import { sampleFiling } from '../testing/samples.ts';
import { softHsmToken } from '../testing/softhsm.ts';
import { nssDbTrusting, pdfsig, run, writePdf } from '../testing/tools.ts';

let ca: Credential, tsa: Credential, hsm: Pkcs11KeyStore, pdf: Buffer;
beforeAll(async () => {
  const token = softHsmToken('netsign-test');
  ca = await createRootCa();
  tsa = await issueOrganisationCertificate(ca, { name: 'netsign', kind: 'tsa' });
  hsm = openPkcs11(token);
  pdf = (await renderFilingRecord(sampleFiling())).pdf;
});

describe('PKCS#11 (SoftHSM2)', () => {
  it('a key made in the token, certified by the CA, signs a PDF that pdfsig and mutool accept', async () => {
    const key = hsm.generateKey('netsign:org:center');
    const cert = await issueOrganisationCertificate(ca, {
      name: '中山市房地产交易管理事务中心',
      kind: 'center',
      publicKeyPem: key.publicKeyPem,
    });
    expect(cert.keyPem).toBe('');
    const signer = hsm.signer(key.id, cert.certPem, cert.chainPem);
    const signed = await signPdfWith(pdf, signer, {
      reason: '合同备案',
      docMdp: 1,
      timestamp: localTimestamper(createTimestampAuthority(tsa)),
    });
    const file = writePdf(signed);
    const poppler = pdfsig(file, nssDbTrusting(ca.certPem)).out;
    expect(poppler).toContain('Signature is Valid.');
    expect(poppler).toContain('Certificate is Trusted.');
    expect(run('mutool', ['sign', '-v', file]).out).toMatch(/The document is unchanged since signing/);
    const r = await verifyPdf(signed, { trustedRoots: [ca.certPem] });
    expect(r.valid).toBe(true);
    expect(r.signatures[0].role).toBe('center');
    expect(r.signatures[0].signingTime.source).toBe('timestamp');
  });

  it('the private key object is sensitive and never extractable; reading its value fails', () => {
    const key = hsm.generateKey('netsign:org:seller');
    expect(hsm.attributes(key.id)).toEqual({
      sensitive: true,
      extractable: false,
      alwaysSensitive: true,
      neverExtractable: true,
      token: true,
    });
    expect(() => hsm.readPrivateExponent(key.id)).toThrow(/CKR_ATTRIBUTE_SENSITIVE/);
  });

  it('the database store and the token sign through the same Signer interface', async () => {
    const held = await issueOrganisationCertificate(ca, { name: '广东省中山市公证处', kind: 'notary' });
    const signed = await signPdfWith(pdf, credentialSigner(held), { reason: '测试', docMdp: 1 });
    expect((await verifyPdf(signed, { trustedRoots: [ca.certPem] })).signaturesValid).toBe(true);
  });

  it('a master key derived inside the token: 32 bytes, the same every time, another label another key', () => {
    const a = hsm.deriveSecret('netsign-master-key', 'netsign master key v1');
    expect(a).toHaveLength(32);
    expect(hsm.deriveSecret('netsign-master-key', 'netsign master key v1')).toEqual(a);
    expect(hsm.deriveSecret('other-secret', 'netsign master key v1')).not.toEqual(a);
  });
});
