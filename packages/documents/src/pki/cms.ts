// CMS SignedData (RFC 5652) built by hand on Buffers: the content is hashed by the caller (once,
// with node's native SHA-256) and only the small signed attributes are signed. Used for PAdES
// signatures (detached, ETSI.CAdES.detached) and for RFC 3161 time-stamp tokens (TSTInfo attached).
import { createHash, createPrivateKey, sign, type KeyObject } from 'node:crypto';
import { certInfo, type CertInfo } from './cert-info.ts';
import { algSha256, explicit, implicitSet, int, octets, oid, OID, seq, set, tlv } from './der.ts';

export interface CmsSigner {
  keyPem: string;
  certPem: string;
  chainPem: string[];
}

export interface SignedDataOptions {
  signer: CmsSigner;
  contentDigest: Buffer; // SHA-256 of the content
  contentType?: string; // OID; id-data by default
  encapsulated?: Buffer; // content to carry inside (time-stamp tokens); omitted = detached
  includeChain?: boolean; // put the issuers in `certificates` too (default true)
  unsigned?: (signatureValue: Buffer) => Promise<Buffer[]>; // unsigned attributes, e.g. a time-stamp
}

const attribute = (type: string, ...values: Buffer[]): Buffer => seq(oid(type), set(...values));

/** ESS signing-certificate-v2 (RFC 5035): binds the signature to the signer's certificate. */
export function signingCertificateV2(c: CertInfo): Buffer {
  const hash = createHash('sha256').update(c.der).digest();
  // hashAlgorithm is omitted: DEFAULT sha256. issuerSerial: GeneralNames { [4] directoryName }
  const issuerSerial = seq(seq(explicit(4, c.issuer)), c.serial);
  return seq(seq(seq(octets(hash), issuerSerial)));
}

function signatureAlgorithm(key: KeyObject): { alg: Buffer; type: string } {
  const type = key.asymmetricKeyType ?? 'rsa';
  if (type === 'rsa') return { alg: seq(oid(OID.sha256WithRSA), Buffer.from([0x05, 0x00])), type };
  if (type === 'ec') return { alg: seq(oid(OID.ecdsaWithSha256)), type };
  throw new Error(`unsupported signing key type ${type}`);
}

/** The signed attributes (content-type, message-digest, signing-certificate-v2) as a DER SET OF —
 * exactly the bytes a signer signs. */
export function signedAttributes(certPem: string, contentDigest: Buffer, contentType: string = OID.data): Buffer[] {
  const me = certInfo(certPem);
  return [
    attribute(OID.contentType, oid(contentType)),
    attribute(OID.messageDigest, octets(contentDigest)),
    attribute(OID.signingCertificateV2, signingCertificateV2(me)),
  ];
}

export interface AssembleOptions {
  certPem: string;
  chainPem: string[];
  signedAttrs: Buffer[]; // as returned by signedAttributes()
  signatureValue: Buffer; // over set(...signedAttrs): PKCS#1 v1.5 for RSA, DER ECDSA-Sig-Value for EC
  keyType: 'rsa' | 'ec';
  contentType?: string;
  encapsulated?: Buffer;
  includeChain?: boolean;
  unsigned?: (signatureValue: Buffer) => Promise<Buffer[]>;
}

/** A CMS ContentInfo(SignedData) around a signature made elsewhere (a phone, an HSM) or here. */
export async function assembleSignedData(o: AssembleOptions): Promise<Buffer> {
  const me = certInfo(o.certPem);
  const contentType = o.contentType ?? OID.data;
  const alg =
    o.keyType === 'rsa' ? seq(oid(OID.sha256WithRSA), Buffer.from([0x05, 0x00])) : seq(oid(OID.ecdsaWithSha256));
  const unsigned = o.unsigned ? await o.unsigned(o.signatureValue) : [];
  const signerInfo = seq(
    int(1),
    seq(me.issuer, me.serial), // IssuerAndSerialNumber
    algSha256(),
    implicitSet(0, ...o.signedAttrs),
    alg,
    octets(o.signatureValue),
    ...(unsigned.length ? [implicitSet(1, ...unsigned)] : []),
  );
  const certs = [me.der, ...((o.includeChain ?? true) ? o.chainPem.map((p) => certInfo(p).der) : [])];
  const encap = o.encapsulated ? seq(oid(contentType), explicit(0, octets(o.encapsulated))) : seq(oid(contentType));
  const signedData = seq(
    int(o.encapsulated || contentType !== OID.data ? 3 : 1),
    set(algSha256()),
    encap,
    tlv(0xa0, Buffer.concat(certs)), // [0] IMPLICIT CertificateSet, kept in chain order
    set(signerInfo),
  );
  return seq(oid(OID.signedData), explicit(0, signedData));
}

export async function buildSignedData(o: SignedDataOptions): Promise<Buffer> {
  const contentType = o.contentType ?? OID.data;
  const signedAttrs = signedAttributes(o.signer.certPem, o.contentDigest, contentType);
  // the signature covers the attributes encoded as a SET (tag 0x31), not as [0]
  const key = createPrivateKey(o.signer.keyPem); // parsed once
  const { type } = signatureAlgorithm(key);
  const signatureValue = sign('sha256', set(...signedAttrs), key);
  return assembleSignedData({
    certPem: o.signer.certPem,
    chainPem: o.signer.chainPem,
    signedAttrs,
    signatureValue,
    keyType: type === 'ec' ? 'ec' : 'rsa',
    contentType,
    encapsulated: o.encapsulated,
    includeChain: o.includeChain,
    unsigned: o.unsigned,
  });
}

/** The unsigned attribute that carries an RFC 3161 token over the signature value (CAdES-T). */
export const timeStampAttribute = (token: Buffer): Buffer => attribute(OID.signatureTimeStampToken, token);
