// Checking CMS SignedData with pkijs (a maintained library): the signer's signature over its
// signed attributes (RSA PKCS#1 v1.5, RSA-PSS, ECDSA P-256/P-384 with SHA-256/384/512), the
// message digest, ESS signing-certificate-v2, the chain to a trusted root, RFC 3161 tokens.
// We hash the PDF byte range ourselves (node's native SHA, two slices, no copy) and let pkijs
// verify the signature over the signed attributes.
import { createHash } from 'node:crypto';
import * as asn1 from 'asn1js';
import * as pkijs from 'pkijs';
import { certificateProfile, nameField, type CertificateProfile } from './profile.ts';

const OID = {
  signedData: '1.2.840.113549.1.7.2',
  tstInfo: '1.2.840.113549.1.9.16.1.4',
  contentType: '1.2.840.113549.1.9.3',
  messageDigest: '1.2.840.113549.1.9.4',
  signingCertificateV2: '1.2.840.113549.1.9.16.2.47',
  signingCertificate: '1.2.840.113549.1.9.16.2.12',
  signatureTimeStampToken: '1.2.840.113549.1.9.16.2.14',
};

const HASHES: Record<string, 'sha1' | 'sha256' | 'sha384' | 'sha512'> = {
  '1.3.14.3.2.26': 'sha1',
  '2.16.840.1.101.3.4.2.1': 'sha256',
  '2.16.840.1.101.3.4.2.2': 'sha384',
  '2.16.840.1.101.3.4.2.3': 'sha512',
};
const ACCEPTED_HASHES = new Set(['sha256', 'sha384', 'sha512']);

const SIG_ALGS: Record<string, string> = {
  '1.2.840.113549.1.1.1': 'RSA PKCS#1 v1.5',
  '1.2.840.113549.1.1.11': 'RSA PKCS#1 v1.5 / SHA-256',
  '1.2.840.113549.1.1.12': 'RSA PKCS#1 v1.5 / SHA-384',
  '1.2.840.113549.1.1.13': 'RSA PKCS#1 v1.5 / SHA-512',
  '1.2.840.113549.1.1.10': 'RSA-PSS',
  '1.2.840.10045.4.3.2': 'ECDSA / SHA-256',
  '1.2.840.10045.4.3.3': 'ECDSA / SHA-384',
  '1.2.840.10045.4.3.4': 'ECDSA / SHA-512',
  '1.2.840.10045.2.1': 'ECDSA',
};

const ab = (b: Uint8Array): ArrayBuffer => b.buffer.slice(b.byteOffset, b.byteOffset + b.byteLength) as ArrayBuffer;
const hex = (b: ArrayBuffer | Uint8Array) =>
  Buffer.from(b instanceof Uint8Array ? b : new Uint8Array(b)).toString('hex');

const ders = new WeakMap<pkijs.Certificate, Buffer>();
/** A certificate's DER (pkijs re-encodes it: kept per object). */
export function certDer(c: pkijs.Certificate): Buffer {
  let d = ders.get(c);
  if (!d) ders.set(c, (d = Buffer.from(c.toSchema().toBER(false))));
  return d;
}
export const nameText = (n: pkijs.RelativeDistinguishedNames): string =>
  n.typesAndValues
    .map((t) => {
      const short: Record<string, string> = {
        '2.5.4.6': 'C',
        '2.5.4.10': 'O',
        '2.5.4.11': 'OU',
        '2.5.4.3': 'CN',
        '2.5.4.5': 'serialNumber',
        '2.5.4.97': 'organizationIdentifier',
        '2.5.4.7': 'L',
        '2.5.4.8': 'ST',
      };
      const v = (t.value as { valueBlock?: { value?: unknown } }).valueBlock?.value;
      return `${short[t.type] ?? t.type}=${typeof v === 'string' ? v : '?'}`;
    })
    .join(', ');

export interface CmsCheck {
  signer?: pkijs.Certificate;
  profile?: CertificateProfile;
  certs: pkijs.Certificate[];
  digestAlgorithm?: string; // sha256 | sha384 | sha512 | …
  signatureAlgorithm?: string;
  messageDigest?: Buffer;
  digestOk: boolean;
  signatureOk: boolean;
  signatureValue: Buffer;
  timestampToken?: Buffer;
  eContent?: Buffer;
  contentType?: string;
  problems: string[];
}

function attr(si: pkijs.SignerInfo, type: string, unsigned = false): asn1.AsnType | undefined {
  const set = unsigned ? si.unsignedAttrs : si.signedAttrs;
  return set?.attributes.find((a) => a.type === type)?.values[0];
}

/**
 * Parse a CMS ContentInfo(SignedData) and check its one signer. `content` is the signed content
 * for detached signatures, as slices hashed in order (the PDF byte range). Never throws for a bad
 * signature: reports. Throws only when the bytes are not a CMS SignedData at all.
 */
export async function checkSignedData(der: Uint8Array, content?: Uint8Array[]): Promise<CmsCheck> {
  const { sd, si, certs, signer } = parseSignedData(der);
  const problems: string[] = [];
  if (sd.signerInfos.length !== 1) problems.push(`expected one SignerInfo, found ${sd.signerInfos.length}`);
  const signatureValue = Buffer.from(si.signature.valueBlock.valueHexView);
  if (!signer) problems.push('the signer certificate is not in the signature');
  const digestAlgorithm = HASHES[si.digestAlgorithm.algorithmId] ?? si.digestAlgorithm.algorithmId;
  const signatureAlgorithm = SIG_ALGS[si.signatureAlgorithm.algorithmId] ?? si.signatureAlgorithm.algorithmId;
  const eContentNode = sd.encapContentInfo.eContent;
  const eContent = eContentNode ? Buffer.from(eContentNode.getValue()) : undefined;
  const contentType = sd.encapContentInfo.eContentType;
  const out: CmsCheck = {
    signer,
    certs,
    digestAlgorithm,
    signatureAlgorithm,
    digestOk: false,
    signatureOk: false,
    signatureValue,
    eContent,
    contentType,
    problems,
  };
  if (signer) out.profile = certificateProfile(signer);

  if (!si.signedAttrs) {
    problems.push('no signed attributes');
    return out;
  }
  if (!ACCEPTED_HASHES.has(digestAlgorithm)) {
    problems.push(`digest algorithm ${digestAlgorithm} is not accepted (SHA-256, SHA-384 or SHA-512)`);
    return out;
  }
  const ct = attr(si, OID.contentType) as asn1.ObjectIdentifier | undefined;
  if (!ct) problems.push('no content-type attribute');
  else if (ct.valueBlock.toString() !== contentType) problems.push('content-type attribute does not match the content');
  const md = attr(si, OID.messageDigest) as asn1.OctetString | undefined;
  out.messageDigest = md ? Buffer.from(md.valueBlock.valueHexView) : undefined;
  if (!out.messageDigest) problems.push('no message-digest attribute');
  else {
    const h = createHash(digestAlgorithm);
    for (const part of eContent ? [eContent] : (content ?? [])) h.update(part);
    out.digestOk = h.digest().equals(out.messageDigest);
    if (!out.digestOk)
      problems.push(
        `the signed bytes were changed: their ${digestAlgorithm.toUpperCase()} differs from the one signed`,
      );
  }
  if (signer) {
    try {
      const engine = pkijs.getCrypto(true);
      const hashName = engine.getAlgorithmByOID(si.digestAlgorithm.algorithmId, true).name;
      const rsaNoHash = si.signatureAlgorithm.algorithmId === '1.2.840.113549.1.1.1';
      out.signatureOk = rsaNoHash
        ? await engine.verifyWithPublicKey(
            si.signedAttrs.encodedValue,
            si.signature,
            signer.subjectPublicKeyInfo,
            si.signatureAlgorithm,
            hashName,
          )
        : await engine.verifyWithPublicKey(
            si.signedAttrs.encodedValue,
            si.signature,
            signer.subjectPublicKeyInfo,
            si.signatureAlgorithm,
          );
    } catch (e) {
      problems.push(`signature algorithm not supported: ${signatureAlgorithm} (${(e as Error).message})`);
    }
    if (!out.signatureOk && !problems.some((p) => p.startsWith('signature algorithm')))
      problems.push('the signature over the signed attributes does not verify');
    const bound = signingCertificateNames(si, signer);
    if (bound === false) problems.push('signing-certificate attribute does not name the signer certificate');
  }
  const tst = si.unsignedAttrs?.attributes.find((a) => a.type === OID.signatureTimeStampToken)?.values[0];
  if (tst) out.timestampToken = Buffer.from(tst.toBER(false));
  return out;
}

/** A CMS ContentInfo(SignedData) parsed (nothing checked): its first signer, that signer's certificate, the certificates carried. */
function parseSignedData(der: Uint8Array) {
  const ci = pkijs.ContentInfo.fromBER(ab(der));
  if (ci.contentType !== OID.signedData) throw new Error('not a CMS SignedData');
  const sd = new pkijs.SignedData({ schema: ci.content });
  const certs = (sd.certificates ?? []).filter((c): c is pkijs.Certificate => c instanceof pkijs.Certificate);
  const si = sd.signerInfos[0];
  if (!si) throw new Error('no SignerInfo');
  let signer: pkijs.Certificate | undefined;
  if (si.sid instanceof pkijs.IssuerAndSerialNumber) {
    const sid = si.sid;
    signer = certs.find((c) => c.issuer.isEqual(sid.issuer) && c.serialNumber.isEqual(sid.serialNumber));
  } else {
    const ski = hex((si.sid as asn1.OctetString).valueBlock.valueHexView);
    signer = certs.find((c) => {
      const e = c.extensions?.find((x) => x.extnID === '2.5.29.14');
      return e && hex((e.parsedValue as asn1.OctetString).valueBlock.valueHexView) === ski;
    });
  }
  return { sd, si, certs, signer };
}

/** Who signed a CMS SignedData and the certificates it carries, without checking anything (for gathering validation data). */
export function readSignedData(der: Uint8Array): {
  signer?: pkijs.Certificate;
  certs: pkijs.Certificate[];
  timestampToken?: Buffer;
} {
  const { si, certs, signer } = parseSignedData(der);
  const tst = si.unsignedAttrs?.attributes.find((a) => a.type === OID.signatureTimeStampToken)?.values[0];
  return { signer, certs, timestampToken: tst ? Buffer.from(tst.toBER(false)) : undefined };
}

/** ESS signing-certificate(-v2): true when it names the signer, false when it names another, undefined when absent. */
function signingCertificateNames(si: pkijs.SignerInfo, signer: pkijs.Certificate): boolean | undefined {
  const v2 = attr(si, OID.signingCertificateV2);
  const v1 = attr(si, OID.signingCertificate);
  const node = v2 ?? v1;
  if (!node) return undefined;
  // SigningCertificate(V2) ::= SEQUENCE { certs SEQUENCE OF ESSCertID(v2), … }
  const first = ((node as asn1.Sequence).valueBlock.value[0] as asn1.Sequence).valueBlock.value[0] as asn1.Sequence;
  const parts = first.valueBlock.value;
  let alg = v2 ? 'sha256' : 'sha1';
  let hashNode = parts[0];
  if (v2 && parts[0] instanceof asn1.Sequence) {
    alg = HASHES[(parts[0].valueBlock.value[0] as asn1.ObjectIdentifier).valueBlock.toString()] ?? 'unknown';
    hashNode = parts[1];
  }
  if (alg === 'unknown') return false;
  const want = Buffer.from((hashNode as asn1.OctetString).valueBlock.valueHexView);
  return createHash(alg).update(certDer(signer)).digest().equals(want);
}

export interface ChainResult {
  trusted: boolean;
  chain: string[];
  problem?: string;
}

/** The signer's chain to one of `roots`, valid at `at` (pkijs CertificateChainValidationEngine). */
export async function checkChain(
  leaf: pkijs.Certificate,
  pool: pkijs.Certificate[],
  roots: pkijs.Certificate[],
  at: Date,
): Promise<ChainResult> {
  const rootDers = new Set(roots.map((r) => hex(certDer(r))));
  const certs = pool.filter((c) => !rootDers.has(hex(certDer(c))));
  if (!certs.includes(leaf) && !rootDers.has(hex(certDer(leaf)))) certs.push(leaf);
  const engine = new pkijs.CertificateChainValidationEngine({ trustedCerts: roots, certs, checkDate: at });
  try {
    const r = await engine.verify();
    const path = (r.certificatePath ?? []).map((c) => nameText(c.subject));
    if (!r.result)
      return {
        trusted: false,
        chain: path.length ? path : [nameText(leaf.subject)],
        problem: chainProblem(r.resultMessage, leaf, at),
      };
    // every certificate above the leaf must be a CA
    for (const c of (r.certificatePath ?? []).slice(1)) {
      const bc = c.extensions?.find((e) => e.extnID === '2.5.29.19')?.parsedValue as pkijs.BasicConstraints | undefined;
      if (!bc?.cA) return { trusted: false, chain: path, problem: `issuer ${nameText(c.subject)} is not a CA` };
    }
    return { trusted: true, chain: path };
  } catch (e) {
    const msg = (e as { resultMessage?: string }).resultMessage ?? String(e);
    return { trusted: false, chain: [nameText(leaf.subject)], problem: chainProblem(msg, leaf, at) };
  }
}

function chainProblem(message: string, leaf: pkijs.Certificate, at: Date): string {
  if (leaf.notBefore.value > at || leaf.notAfter.value < at)
    return `certificate ${nameText(leaf.subject)} is not valid at ${at.toISOString()}`;
  if (/validity|expired/i.test(message)) return `a certificate of the chain is not valid at ${at.toISOString()}`;
  return `the certificate does not chain to a trusted root (${message})`;
}

export interface TimestampCheck {
  time: string;
  authority: string;
  trusted: boolean;
  problem?: string;
  serial?: string;
  policy?: string;
}

/**
 * An RFC 3161 token over `signatureValue` (a CAdES signature's value, or a document time-stamp's
 * byte range as its slices): signed by a time-stamping key that chains to a root.
 */
export async function checkTimestampToken(
  token: Buffer,
  signatureValue: Buffer | Buffer[],
  roots: pkijs.Certificate[],
  now: Date,
): Promise<TimestampCheck> {
  try {
    const t = await checkSignedData(token);
    const problems = [...t.problems];
    if (t.contentType !== OID.tstInfo || !t.eContent) throw new Error('not a time-stamp token');
    const info = pkijs.TSTInfo.fromBER(ab(t.eContent));
    const impAlg = HASHES[info.messageImprint.hashAlgorithm.algorithmId];
    if (!impAlg || !ACCEPTED_HASHES.has(impAlg)) problems.push('time-stamp imprint uses an unaccepted hash');
    else {
      const h = createHash(impAlg);
      for (const part of Array.isArray(signatureValue) ? signatureValue : [signatureValue]) h.update(part);
      if (!h.digest().equals(Buffer.from(info.messageImprint.hashedMessage.valueBlock.valueHexView)))
        problems.push(
          Array.isArray(signatureValue)
            ? 'time-stamp is not over this document (its bytes were changed)'
            : 'time-stamp is for another signature',
        );
    }
    if (!t.digestOk) problems.push('time-stamp token content was changed');
    if (!t.signatureOk) problems.push('time-stamp signature does not verify');
    const tsa = t.signer;
    const eku = t.profile?.extKeyUsage;
    if (tsa && !(eku?.length === 1 && eku[0] === '1.3.6.1.5.5.7.3.8'))
      problems.push('time-stamp certificate is not for time-stamping only (RFC 3161 §2.3)');
    const genTime = info.genTime;
    const chain = tsa
      ? await checkChain(tsa, t.certs, roots, genTime)
      : { trusted: false, chain: [], problem: 'no TSA certificate in the token' };
    if (chain.problem) problems.push(`TSA: ${chain.problem}`);
    if (genTime.getTime() > now.getTime() + 5 * 60_000) problems.push('time-stamp is in the future');
    return {
      time: genTime.toISOString(),
      authority: tsa ? (nameField(tsa.subject, '2.5.4.3') ?? nameText(tsa.subject)) : 'unknown',
      trusted: chain.trusted && problems.length === 0,
      problem: problems.join('; ') || undefined,
      serial: hex(info.serialNumber.valueBlock.valueHexView),
      policy: info.policy,
    };
  } catch (e) {
    return {
      time: '',
      authority: 'unknown',
      trusted: false,
      problem: `unreadable time-stamp: ${(e as Error).message}`,
    };
  }
}

export function parsePemCertificates(pems: string[]): pkijs.Certificate[] {
  const out: pkijs.Certificate[] = [];
  for (const pem of pems) {
    for (const m of pem.match(/-----BEGIN CERTIFICATE-----[\s\S]+?-----END CERTIFICATE-----/g) ?? []) {
      const b64 = m.replace(/-----(BEGIN|END) CERTIFICATE-----|\s/g, '');
      out.push(pkijs.Certificate.fromBER(ab(Buffer.from(b64, 'base64'))));
    }
  }
  return out;
}
