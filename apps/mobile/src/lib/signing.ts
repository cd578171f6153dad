// 签署 with a key only this phone holds (docs/DOCUMENTS.md, "Buyer signing"). The key pair is made
// here with extractable: false and lives only in this page's memory: it is never stored, never
// exported, never sent. A reload before the signatures are in loses it, and the buyer signs again
// with a new key and a new certificate (the server keeps no copy to recover).
import { ZSigningCertificate, ZSigningDone, ZSigningRequest, type TSigningRequest } from '@netsign/api';
import { post } from './api';

/** What the phone's key must sign, one entry per document (POST …/signing/prepare). */
export type SigningRequest = TSigningRequest;

const toB64 = (buf: ArrayBuffer | Uint8Array) => {
  const bytes = buf instanceof Uint8Array ? buf : new Uint8Array(buf);
  let s = '';
  for (let i = 0; i < bytes.length; i += 0x8000) s += String.fromCharCode(...bytes.subarray(i, i + 0x8000));
  return btoa(s);
};
const fromB64 = (b64: string) => Uint8Array.from(atob(b64), (c) => c.charCodeAt(0));

/** ECDSA P-256, private half not extractable: WebCrypto refuses to export it, to us as to anyone. */
export const newSigningKey = () =>
  crypto.subtle.generateKey({ name: 'ECDSA', namedCurve: 'P-256' }, false, ['sign']) as Promise<CryptoKeyPair>;

/** PKCS#10 request (CN = the buyer's name) signed by the new key: the public key and a proof of possession. */
async function certificationRequest(keys: CryptoKeyPair, name: string): Promise<string> {
  // pkijs is loaded only at this step (its own chunk)
  const [pkijs, asn1] = await Promise.all([import('pkijs'), import('asn1js')]);
  const csr = new pkijs.CertificationRequest();
  csr.version = 0;
  csr.subject.typesAndValues.push(
    new pkijs.AttributeTypeAndValue({ type: '2.5.4.3', value: new asn1.Utf8String({ value: name }) }),
  );
  await csr.subjectPublicKeyInfo.importKey(keys.publicKey);
  await csr.sign(keys.privateKey, 'SHA-256');
  return toB64(csr.toSchema().toBER(false));
}

/** The event certificate for this key, then the documents prepared for it. */
export async function requestSigning(appId: string, buyerName: string, keys: CryptoKeyPair): Promise<SigningRequest> {
  await post(
    `/api/buyer/applications/${appId}/signing/certificate`,
    { csr: await certificationRequest(keys, buyerName) },
    {},
    ZSigningCertificate,
  );
  return post(`/api/buyer/applications/${appId}/signing/prepare`, {}, {}, ZSigningRequest);
}

/** After the one 签署: each document's signed attributes signed on the phone, sent together. */
export async function signAll(appId: string, keys: CryptoKeyPair, req: SigningRequest) {
  const signatures = await Promise.all(
    req.documents.map(async (d) => ({
      documentId: d.documentId,
      signature: toB64(
        await crypto.subtle.sign({ name: 'ECDSA', hash: 'SHA-256' }, keys.privateKey, fromB64(d.signedAttributes)),
      ),
    })),
  );
  return post(
    `/api/buyer/applications/${appId}/signing/complete`,
    { requestId: req.requestId, signatures },
    {},
    ZSigningDone,
  );
}
