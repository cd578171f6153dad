// The buyer's side of signing, as the phone will do it: a non-extractable WebCrypto key, a PKCS#10
// request, an event certificate from the platform CA, then per document the signed attributes
// signed with WebCrypto and assembled by the server. pdfsig and mutool accept every signature.
import { beforeAll, describe, expect, it } from 'vitest';
import { createRootCa, issueOrganisationCertificate, type Credential } from './keys.ts';
import {
  checkCertificationRequest,
  completeExternalSignature,
  createCertificationRequest,
  issueEventCertificate,
  SigningError,
  toBeSigned,
} from './event-certificate.ts';
import { preparePdf, signPdf } from './sign.ts';
import { createTimestampAuthority, localTimestamper, type TimestampFn } from './tsa.ts';
import { verifyPdf } from './verify.ts';
import { renderEContract } from '../render/econtract.ts';
import { sampleEContract } from '../testing/samples.ts';
import { nssDbTrusting, pdfsig, run, writePdf } from '../testing/tools.ts';

let ca: Credential, seller: Credential, stamp: TimestampFn;
const data = sampleEContract();

beforeAll(async () => {
  ca = await createRootCa();
  seller = await issueOrganisationCertificate(ca, { name: data.seller.name, kind: 'seller' });
  stamp = localTimestamper(
    createTimestampAuthority(await issueOrganisationCertificate(ca, { name: 'netsign', kind: 'tsa' })),
  );
});

const newKey = () =>
  crypto.subtle.generateKey({ name: 'ECDSA', namedCurve: 'P-256' }, false, [
    'sign',
    'verify',
  ]) as Promise<CryptoKeyPair>;
const expectCode = async (p: Promise<unknown>, code: string) => {
  const e = await p.then(
    () => null,
    (x: unknown) => x,
  );
  expect(e).toBeInstanceOf(SigningError);
  expect((e as SigningError).code).toBe(code);
};

async function eventCertificate(keys: CryptoKeyPair, buyerIndex: number) {
  const name = data.buyers[buyerIndex].name;
  const req = await checkCertificationRequest(await createCertificationRequest(keys, name), name);
  return issueEventCertificate(ca, req.spki, {
    name,
    idHash: 'SHA256:' + 'c3'.repeat(16),
    verification: 'face',
    validMinutes: 30,
    context: { reference: data.businessNumber, caseNumber: '(2026)粤中山受字第0456号', buyerIndex },
  });
}

describe('buyer signing with a key only the buyer holds', () => {
  it('the key cannot be exported; the request must be signed by it and name the verified buyer', async () => {
    const keys = await newKey();
    expect(keys.privateKey.extractable).toBe(false);
    await expect(crypto.subtle.exportKey('pkcs8', keys.privateKey)).rejects.toThrow();
    const csr = await createCertificationRequest(keys, data.buyers[0].name);
    await expectCode(checkCertificationRequest(csr, data.buyers[1].name), 'CSR_SUBJECT_MISMATCH');
    const tampered = Uint8Array.from(csr);
    tampered[tampered.length - 5] ^= 1; // inside the request's signature
    await expectCode(checkCertificationRequest(tampered, data.buyers[0].name), 'CSR_INVALID');
    await expectCode(checkCertificationRequest(new Uint8Array([1, 2, 3]), data.buyers[0].name), 'CSR_INVALID');
  });

  it('every buyer signs the seller-certified e-contract; all three signatures verify in verifyPdf, pdfsig and mutool', async () => {
    let pdf = await signPdf((await renderEContract(data)).pdf, seller, {
      reason: `电子合同 ${data.businessNumber}`,
      docMdp: 2,
      timestamp: stamp,
    });
    for (const i of [0, 1]) {
      const keys = await newKey();
      const certPem = await eventCertificate(keys, i);
      const prepared = preparePdf(pdf, { reason: `买受人签署 ${data.businessNumber}`, name: data.buyers[i].name });
      const tbs = toBeSigned(prepared, certPem);
      // a signature by another key is refused and changes nothing
      const wrong = new Uint8Array(
        await crypto.subtle.sign(
          { name: 'ECDSA', hash: 'SHA-256' },
          (await newKey()).privateKey,
          new Uint8Array(tbs.der),
        ),
      );
      await expectCode(
        completeExternalSignature(prepared, { certPem, chainPem: [ca.certPem] }, tbs, wrong),
        'SIGNATURE_INVALID',
      );
      expect(prepared.pdf.subarray(prepared.byteRange[1] + 1, prepared.byteRange[1] + 9).toString('latin1')).toBe(
        '00000000',
      );
      const sig = new Uint8Array(
        await crypto.subtle.sign({ name: 'ECDSA', hash: 'SHA-256' }, keys.privateKey, new Uint8Array(tbs.der)),
      );
      pdf = await completeExternalSignature(prepared, { certPem, chainPem: [ca.certPem] }, tbs, sig, {
        timestamp: stamp,
      });
    }
    const r = await verifyPdf(pdf, { trustedRoots: [ca.certPem] });
    expect(r.problems).toEqual([]);
    expect(
      r.signatures.map((s) => [
        s.role,
        s.signatureAlgorithm,
        s.context?.buyerIndex ?? null,
        s.identityVerification ?? null,
      ]),
    ).toEqual([
      ['seller', 'RSA PKCS#1 v1.5 / SHA-256', null, null],
      ['buyer', 'ECDSA / SHA-256', 0, 'face'],
      ['buyer', 'ECDSA / SHA-256', 1, 'face'],
    ]);
    expect(r.signatures[1].signer?.idHash).toMatch(/^SHA256:/);
    const file = writePdf(pdf);
    const blocks = pdfsig(file, nssDbTrusting(ca.certPem))
      .out.split(/Signature #\d+:/)
      .slice(1);
    expect(blocks).toHaveLength(3);
    for (const b of blocks) {
      expect(b).toContain('Signature is Valid.');
      expect(b).toContain('Certificate is Trusted.');
    }
    const m = run('mutool', ['sign', '-v', file]).out;
    expect(m.split('Verifying signature').length - 1).toBe(3);
    expect(m).not.toMatch(/Digest error|signature is not valid/i);
  });
});
