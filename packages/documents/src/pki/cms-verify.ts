// Checking a CMS SignedData: the signer's signature over its signed attributes, the digest it
// signs, and the certificate chain up to one of the trusted roots.
import { createHash, verify, X509Certificate } from 'node:crypto';
import { children, content, oidToString, raw, read, readTime, OID, type Node } from './der.ts';
import { certInfo } from './cert-info.ts';

export interface ParsedSignedData {
  contentType: string;
  eContent?: Buffer;
  certs: X509Certificate[];
  signer?: X509Certificate;
  digest?: Buffer; // messageDigest signed attribute
  signatureOk: boolean; // the signature over the signed attributes verifies with the signer's key
  signatureValue: Buffer;
  signingTimeAttr?: Date;
  hasSigningCertificateV2: boolean;
  signingCertificateMatches: boolean;
  unsigned: Map<string, Node[]>;
  problems: string[];
}

const sameIssuer = (issuer: Buffer, x: X509Certificate) => certInfo(x.raw).issuer.equals(issuer);
const serialOf = (x: X509Certificate) => BigInt('0x' + x.serialNumber);

function attrs(n: Node | undefined): Map<string, Node[]> {
  const m = new Map<string, Node[]>();
  if (!n) return m;
  for (const a of children(n)) {
    const [t, vals] = children(a);
    m.set(oidToString(t), children(vals));
  }
  return m;
}

/** Parse and check one CMS ContentInfo(SignedData). Never throws for bad signatures: reports. */
export function checkSignedData(der: Buffer): ParsedSignedData {
  const problems: string[] = [];
  const ci = children(read(der));
  if (oidToString(ci[0]) !== OID.signedData) throw new Error('not a CMS SignedData');
  const sd = children(children(ci[1])[0]);
  const encap = children(sd[2]);
  const contentType = oidToString(encap[0]);
  const eContent = encap[1] ? Buffer.from(content(children(encap[1])[0])) : undefined;
  let i = 3;
  const certs: X509Certificate[] = [];
  if (sd[i]?.tag === 0xa0) { for (const c of children(sd[i])) { try { certs.push(new X509Certificate(raw(c))); } catch { /* attribute certs etc. */ } } i++; }
  if (sd[i]?.tag === 0xa1) i++; // CRLs
  const infos = children(sd[i]);
  if (infos.length !== 1) problems.push(`expected one SignerInfo, found ${infos.length}`);
  const si = children(infos[0]);
  const sid = si[1];
  let signer: X509Certificate | undefined;
  if (sid.tag === 0x30) {
    const [issuer, serial] = children(sid);
    const want = BigInt('0x' + (content(serial).toString('hex') || '0'));
    signer = certs.find((c) => serialOf(c) === want && sameIssuer(raw(issuer), c));
  } else {
    const ski = content(sid).toString('hex');
    signer = certs.find((c) => (c as unknown as { subjectKeyIdentifier?: string }).subjectKeyIdentifier === ski);
  }
  if (!signer) problems.push('the signer certificate is not in the signature');
  let k = 3;
  const signedAttrsNode = si[k]?.tag === 0xa0 ? si[k++] : undefined;
  const sigAlg = oidToString(children(si[k++])[0]);
  const signatureValue = Buffer.from(content(si[k++]));
  const unsignedNode = si[k]?.tag === 0xa1 ? si[k] : undefined;
  const sa = attrs(signedAttrsNode);
  const digestNode = sa.get(OID.messageDigest)?.[0];
  const digest = digestNode ? Buffer.from(content(digestNode)) : undefined;
  if (!signedAttrsNode) problems.push('no signed attributes');
  const ctAttr = sa.get(OID.contentType)?.[0];
  if (ctAttr && oidToString(ctAttr) !== contentType) problems.push('content-type attribute does not match the content');

  let signatureOk = false;
  if (signer && signedAttrsNode) {
    const toVerify = Buffer.from(raw(signedAttrsNode));
    toVerify[0] = 0x31; // verified as SET OF, as signed
    const hash = sigAlg === OID.ecdsaWithSha256 || sigAlg === OID.sha256WithRSA || sigAlg === OID.rsaEncryption ? 'sha256' : undefined;
    if (!hash) problems.push(`unsupported signature algorithm ${sigAlg}`);
    else {
      try { signatureOk = verify(hash, toVerify, signer.publicKey, signatureValue); } catch { signatureOk = false; }
      if (!signatureOk) problems.push('the signature over the signed attributes does not verify');
    }
  }
  const scv2 = sa.get(OID.signingCertificateV2)?.[0];
  let signingCertificateMatches = false;
  if (scv2 && signer) {
    // SigningCertificateV2 → certs → first ESSCertIDv2 → [hashAlgorithm] certHash
    const first = children(children(children(scv2)[0])[0]);
    const hashNode = first[0].tag === 0x04 ? first[0] : first[1];
    const alg = first[0].tag === 0x30 ? oidToString(children(first[0])[0]) : OID.sha256;
    if (alg === OID.sha256) signingCertificateMatches = createHash('sha256').update(signer.raw).digest().equals(content(hashNode));
    if (!signingCertificateMatches) problems.push('signing-certificate-v2 does not name the signer certificate');
  }
  const st = sa.get(OID.signingTime)?.[0];
  return {
    contentType, eContent, certs, signer, digest, signatureOk, signatureValue,
    signingTimeAttr: st ? parseTime(st) : undefined,
    hasSigningCertificateV2: !!scv2, signingCertificateMatches,
    unsigned: attrs(unsignedNode), problems,
  };
}

function parseTime(n: Node): Date | undefined {
  try { return readTime(n); } catch { return undefined; }
}

export interface ChainResult { trusted: boolean; chain: string[]; problem?: string }

/** Walk issuer links from `leaf` through `pool` to a certificate in `roots`, checking each link
 * cryptographically and each certificate's validity at `at`. */
export function checkChain(leaf: X509Certificate, pool: X509Certificate[], roots: X509Certificate[], at: Date): ChainResult {
  const chain: string[] = [];
  let cur = leaf;
  const candidates = [...pool, ...roots];
  for (let depth = 0; depth < 8; depth++) {
    chain.push(cur.subject.replace(/\n/g, ', '));
    const from = new Date(cur.validFrom), to = new Date(cur.validTo);
    if (at < from || at > to) return { trusted: false, chain, problem: `certificate ${cur.subject.replace(/\n/g, ', ')} is not valid at ${at.toISOString()}` };
    if (roots.some((r) => r.fingerprint256 === cur.fingerprint256)) return { trusted: true, chain };
    const issuer = candidates.find((c) => c.fingerprint256 !== cur.fingerprint256 && cur.checkIssued(c) && cur.verify(c.publicKey));
    if (!issuer) return { trusted: false, chain, problem: 'the certificate does not chain to a trusted root' };
    if (depth > 0 || issuer !== leaf) {
      if (!issuer.ca) return { trusted: false, chain, problem: `issuer ${issuer.subject.replace(/\n/g, ', ')} is not a CA` };
    }
    cur = issuer;
  }
  return { trusted: false, chain, problem: 'certificate chain too long' };
}
