// Buyer signing with a key only the buyer holds (issue 12 item 1), the parts that are pure PKI:
//  - the phone makes a WebCrypto key pair (non-extractable) and a PKCS#10 request over it
//    (createCertificationRequest runs in the browser and in node: pkijs on WebCrypto);
//  - the platform CA checks the request (proof of possession, the verified buyer's name, key type)
//    and issues a short-lived event certificate for that buyer and that case;
//  - for each prepared PDF the server computes the signed attributes, the phone signs exactly those
//    bytes, and the server assembles the CMS (after checking the signature against the certificate)
//    and embeds it. The private key never leaves the phone; the server never holds a copy.
import { createHash, createPrivateKey, createPublicKey, randomBytes, verify as nodeVerify } from 'node:crypto';
import * as asn1 from 'asn1js';
import * as pkijs from 'pkijs';
import { assembleSignedData, signedAttributes, timeStampAttribute } from './cms.ts';
import { set } from './der.ts';
import {
  certificatePoliciesDer,
  encodeSigningContext,
  nameField,
  POLICY,
  SIGNING_CONTEXT_OID,
  type SigningContext,
} from './profile.ts';
import { embedCms, type PreparedPdf } from './sign.ts';
import type { Credential } from './keys.ts';
import type { TimestampFn } from './tsa.ts';
import { revocationExtensionValues, type RevocationPointers } from './revocation.ts';

const ab = (b: Uint8Array): ArrayBuffer => b.buffer.slice(b.byteOffset, b.byteOffset + b.byteLength) as ArrayBuffer;
const pemBody = (pem: string) => Buffer.from(pem.replace(/-----(BEGIN|END) [A-Z ]+-----|\s/g, ''), 'base64');
const toPem = (der: Uint8Array, label = 'CERTIFICATE') =>
  `-----BEGIN ${label}-----\n${Buffer.from(der)
    .toString('base64')
    .match(/.{1,64}/g)!
    .join('\n')}\n-----END ${label}-----\n`;

/** A failure the API answers as a 4xx with this code. */
export class SigningError extends Error {
  constructor(
    readonly code: 'CSR_INVALID' | 'CSR_SUBJECT_MISMATCH' | 'KEY_UNSUPPORTED' | 'SIGNATURE_INVALID',
    message: string,
  ) {
    super(message);
  }
}

/** PKCS#10 request over a WebCrypto key pair (ECDSA P-256 recommended), CN = the buyer's name. */
export async function createCertificationRequest(keys: CryptoKeyPair, commonName: string): Promise<Uint8Array> {
  const csr = new pkijs.CertificationRequest();
  csr.version = 0;
  csr.subject.typesAndValues.push(
    new pkijs.AttributeTypeAndValue({ type: '2.5.4.3', value: new asn1.Utf8String({ value: commonName }) }),
  );
  await csr.subjectPublicKeyInfo.importKey(keys.publicKey);
  const alg = keys.privateKey.algorithm as EcKeyAlgorithm;
  await csr.sign(
    keys.privateKey,
    alg.name === 'ECDSA' ? (alg.namedCurve === 'P-384' ? 'SHA-384' : 'SHA-256') : 'SHA-256',
  );
  return new Uint8Array(csr.toSchema().toBER(false));
}

export interface CheckedRequest {
  commonName: string;
  spki: Buffer;
  keyType: 'rsa' | 'ec';
  curve?: string;
}

/** Proof of possession (the request is signed by its key), an accepted key, the expected name. */
export async function checkCertificationRequest(der: Uint8Array, expectedName: string): Promise<CheckedRequest> {
  let csr: pkijs.CertificationRequest;
  try {
    csr = pkijs.CertificationRequest.fromBER(ab(der));
  } catch {
    throw new SigningError('CSR_INVALID', '证书请求格式不正确');
  }
  let ok = false;
  try {
    ok = await csr.verify();
  } catch {
    ok = false;
  }
  if (!ok) throw new SigningError('CSR_INVALID', '证书请求的签名无效（请求必须由其中的密钥签名）');
  const spki = Buffer.from(csr.subjectPublicKeyInfo.toSchema().toBER(false));
  const key = createPublicKey({ key: spki, format: 'der', type: 'spki' });
  const details = key.asymmetricKeyDetails ?? {};
  let keyType: 'rsa' | 'ec';
  if (key.asymmetricKeyType === 'ec' && (details.namedCurve === 'prime256v1' || details.namedCurve === 'secp384r1'))
    keyType = 'ec';
  else if (key.asymmetricKeyType === 'rsa' && (details.modulusLength ?? 0) >= 2048) keyType = 'rsa';
  else throw new SigningError('KEY_UNSUPPORTED', '不支持的密钥类型（须为 ECDSA P-256/P-384 或 RSA 2048 位以上）');
  const commonName = nameField(csr.subject, '2.5.4.3') ?? '';
  if (commonName !== expectedName)
    throw new SigningError('CSR_SUBJECT_MISMATCH', '证书请求中的姓名与已核验身份的买受人不一致');
  return { commonName, spki, keyType, curve: details.namedCurve };
}

export interface EventCertificateSubject {
  name: string; // the buyer's name as verified
  idHash: string; // salted hash of the ID number (never the number itself), PrintableString characters
  verification: 'face' | 'document-video';
  context: SigningContext; // the contract, the case and the buyer it is for
  validMinutes: number; // minutes to days
  now?: Date;
  /** where the CA publishes its CRL and answers OCSP: named in every certificate it issues */
  revocation?: RevocationPointers;
}

async function caSigningKey(ca: Credential): Promise<CryptoKey> {
  const pkcs8 = createPrivateKey(ca.keyPem).export({ format: 'der', type: 'pkcs8' });
  return crypto.subtle.importKey('pkcs8', pkcs8, { name: 'RSASSA-PKCS1-v1_5', hash: 'SHA-256' }, false, ['sign']);
}

const ext = (extnID: string, critical: boolean, value: ArrayBuffer) =>
  new pkijs.Extension({ extnID, critical, extnValue: value });
const revocationExts = (p: RevocationPointers) => {
  const v = revocationExtensionValues(p);
  return [ext('2.5.29.31', false, ab(v.crlDp)), ext('1.3.6.1.5.5.7.1.1', false, ab(v.aia))];
};

/**
 * The buyer's short-lived "event certificate" over a public key (SPKI DER) the buyer's device made:
 * policy OID = how the identity was verified, signing-context extension = contract, case, buyer.
 */
export async function issueEventCertificate(
  ca: Credential,
  spki: Uint8Array,
  s: EventCertificateSubject,
): Promise<string> {
  const caCert = pkijs.Certificate.fromBER(ab(pemBody(ca.certPem)));
  const cert = new pkijs.Certificate();
  cert.version = 2;
  const serial = randomBytes(16);
  serial[0] = (serial[0] & 0x7f) | 0x01;
  cert.serialNumber = new asn1.Integer({ valueHex: ab(serial) });
  cert.issuer = caCert.subject;
  cert.subject = new pkijs.RelativeDistinguishedNames({
    typesAndValues: [
      new pkijs.AttributeTypeAndValue({ type: '2.5.4.6', value: new asn1.PrintableString({ value: 'CN' }) }),
      new pkijs.AttributeTypeAndValue({ type: '2.5.4.5', value: new asn1.PrintableString({ value: s.idHash }) }),
      new pkijs.AttributeTypeAndValue({ type: '2.5.4.3', value: new asn1.Utf8String({ value: s.name }) }),
    ],
  });
  const now = s.now ?? new Date();
  cert.notBefore.value = new Date(now.getTime() - 5 * 60_000);
  cert.notAfter.value = new Date(now.getTime() + s.validMinutes * 60_000);
  cert.subjectPublicKeyInfo = pkijs.PublicKeyInfo.fromBER(ab(spki));
  const ski = createHash('sha1').update(cert.subjectPublicKeyInfo.subjectPublicKey.valueBlock.valueHexView).digest();
  const caSki = caCert.extensions?.find((e) => e.extnID === '2.5.29.14')?.parsedValue as asn1.OctetString | undefined;
  cert.extensions = [
    ext('2.5.29.19', true, new pkijs.BasicConstraints({ cA: false }).toSchema().toBER(false)),
    ext('2.5.29.15', true, new asn1.BitString({ valueHex: new Uint8Array([0xc0]).buffer, unusedBits: 6 }).toBER(false)), // digitalSignature, nonRepudiation
    ext(
      '2.5.29.37',
      false,
      new pkijs.ExtKeyUsage({ keyPurposes: ['1.3.6.1.5.5.7.3.4', '1.3.6.1.5.5.7.3.36'] }).toSchema().toBER(false),
    ),
    ext('2.5.29.14', false, new asn1.OctetString({ valueHex: ab(ski) }).toBER(false)),
    ...(caSki
      ? [
          ext(
            '2.5.29.35',
            false,
            new pkijs.AuthorityKeyIdentifier({
              keyIdentifier: new asn1.OctetString({ valueHex: caSki.valueBlock.valueHexView.slice().buffer }),
            })
              .toSchema()
              .toBER(false),
          ),
        ]
      : []),
    ext(
      '2.5.29.32',
      false,
      ab(certificatePoliciesDer([s.verification === 'face' ? POLICY.buyerFace : POLICY.buyerDocumentVideo])),
    ),
    ext(SIGNING_CONTEXT_OID, false, ab(encodeSigningContext(s.context))),
    ...(s.revocation ? revocationExts(s.revocation) : []),
  ];
  await cert.sign(await caSigningKey(ca), 'SHA-256');
  return toPem(new Uint8Array(cert.toSchema().toBER(false)));
}

/** What the phone must sign for one prepared PDF: the DER of the signed attributes (SET OF). */
export function toBeSigned(
  prepared: PreparedPdf,
  certPem: string,
): { signedAttrs: Buffer[]; der: Buffer; digest: string } {
  const contentDigest = createHash('sha256').update(prepared.content[0]).update(prepared.content[1]).digest();
  const signedAttrs = signedAttributes(certPem, contentDigest);
  const der = set(...signedAttrs);
  return { signedAttrs, der, digest: createHash('sha256').update(der).digest('hex') };
}

/** WebCrypto ECDSA gives r‖s; CMS wants ECDSA-Sig-Value ::= SEQUENCE { r INTEGER, s INTEGER }. */
export function ecdsaRawToDer(sig: Uint8Array, coordinateBytes: number): Buffer {
  // WebCrypto signs as r‖s, exactly twice the curve's size; anything else is taken as DER. (Looking
  // at the first byte instead took every r starting with 0x30 — one signature in 256 — for DER.)
  if (sig.length !== coordinateBytes * 2) return Buffer.from(sig);
  const int = (b: Uint8Array) => {
    let i = 0;
    while (i < b.length - 1 && b[i] === 0) i++;
    const v = b.subarray(i);
    return new asn1.Integer({ valueHex: ab(v[0] & 0x80 ? Uint8Array.from([0, ...v]) : Uint8Array.from(v)) });
  };
  return Buffer.from(
    new asn1.Sequence({ value: [int(sig.subarray(0, coordinateBytes)), int(sig.subarray(coordinateBytes))] }).toBER(
      false,
    ),
  );
}

/** Bytes of one coordinate of the curves a phone's WebCrypto offers. */
const CURVE_BYTES: Record<string, number> = { prime256v1: 32, secp384r1: 48, secp521r1: 66 };

/**
 * Check the phone's signature over `tbs.der` with the issued certificate, then build the CMS
 * (with a time-stamp when given) and embed it. A signature that does not verify changes nothing.
 */
export async function completeExternalSignature(
  prepared: PreparedPdf,
  cert: { certPem: string; chainPem: string[] },
  tbs: { signedAttrs: Buffer[]; der: Buffer },
  signature: Uint8Array,
  o: { timestamp?: TimestampFn } = {},
): Promise<Buffer> {
  const pub = createPublicKey(cert.certPem);
  const keyType = pub.asymmetricKeyType === 'ec' ? 'ec' : 'rsa';
  const curve = CURVE_BYTES[pub.asymmetricKeyDetails?.namedCurve ?? ''] ?? 32;
  const value = keyType === 'ec' ? ecdsaRawToDer(signature, curve) : Buffer.from(signature);
  // the phone signs with SHA-256 whatever the curve ({ name: 'ECDSA', hash: 'SHA-256' })
  let ok = false;
  try {
    ok = nodeVerify('sha256', tbs.der, pub, value);
  } catch {
    ok = false;
  }
  if (!ok) throw new SigningError('SIGNATURE_INVALID', '签名与签发给您的证书不符');
  const cms = await assembleSignedData({
    certPem: cert.certPem,
    chainPem: cert.chainPem,
    signedAttrs: tbs.signedAttrs,
    signatureValue: value,
    keyType,
    unsigned: o.timestamp
      ? async (sig) => [timeStampAttribute(await o.timestamp!(createHash('sha256').update(sig).digest()))]
      : undefined,
  });
  return embedCms(prepared, cms);
}
