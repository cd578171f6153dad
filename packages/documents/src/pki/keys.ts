// Keys and certificates: the platform's root CA, one certificate per organisation (seller,
// notary office, transaction center) and one for the time-stamp authority. RSA-2048, SHA-256.
// A Credential is plain PEM text, so a real CA's PKCS#12 (importPkcs12) can stand in for ours.
import { generateKeyPair, randomBytes } from 'node:crypto';
import { promisify } from 'node:util';
import forge from 'node-forge';
import { certificatePoliciesDer, POLICY } from './profile.ts';
import { revocationExtensionValues, type RevocationPointers } from './revocation.ts';

export interface Credential {
  keyPem: string; // PKCS#1 or PKCS#8 private key — store it encrypted (encryptPrivateKey)
  certPem: string; // the holder's certificate
  chainPem: string[]; // issuers up to (and including) the root, nearest first
}

export type OrganisationKind = 'seller' | 'notary' | 'center' | 'tsa';

const genRsa = promisify(generateKeyPair);

async function newKey(): Promise<{ keyPem: string; key: forge.pki.rsa.PrivateKey; pub: forge.pki.rsa.PublicKey }> {
  const { privateKey } = await genRsa('rsa', {
    modulusLength: 2048,
    publicKeyEncoding: { type: 'spki', format: 'pem' },
    privateKeyEncoding: { type: 'pkcs1', format: 'pem' },
  });
  const key = forge.pki.privateKeyFromPem(privateKey) as forge.pki.rsa.PrivateKey;
  return { keyPem: privateKey, key, pub: forge.pki.setRsaPublicKey(key.n, key.e) };
}

// Chinese names go in as UTF8String (forge UTF-8-encodes such values when it writes them).
const UTF8 = forge.asn1.Type.UTF8 as unknown as forge.asn1.Class;
const utf8 = (v: string) => ({ value: v, valueTagClass: UTF8 });
// forge parses UTF8String values as raw bytes but encodes them on write: decode before reuse,
// or the issuer name would be encoded twice and no longer match the CA's subject.
const reusable = (attrs: forge.pki.CertificateField[]) =>
  attrs.map((a) => (a.valueTagClass === UTF8 ? { ...a, value: forge.util.decodeUtf8(String(a.value)) } : a));

function dn(cn: string, o: string, extra: forge.pki.CertificateField[] = []): forge.pki.CertificateField[] {
  return [{ shortName: 'C', value: 'CN' }, { shortName: 'O', ...utf8(o) }, ...extra, { shortName: 'CN', ...utf8(cn) }];
}

function baseCert(pub: forge.pki.PublicKey, years: number): forge.pki.Certificate {
  const cert = forge.pki.createCertificate();
  cert.publicKey = pub;
  cert.serialNumber = '01' + randomBytes(15).toString('hex'); // positive, 16 bytes
  const now = Date.now();
  cert.validity.notBefore = new Date(now - 24 * 3600_000); // tolerate clock skew
  cert.validity.notAfter = new Date(now + years * 365 * 24 * 3600_000);
  return cert;
}

export async function createRootCa(o: { name?: string; years?: number } = {}): Promise<Credential> {
  const name = o.name ?? 'netsign 平台根证书';
  const { keyPem, key, pub } = await newKey();
  const cert = baseCert(pub, o.years ?? 20);
  cert.setSubject(dn(name, 'netsign'));
  cert.setIssuer(dn(name, 'netsign'));
  cert.setExtensions([
    { name: 'basicConstraints', cA: true, critical: true },
    { name: 'keyUsage', keyCertSign: true, cRLSign: true, critical: true },
    { name: 'subjectKeyIdentifier' },
  ]);
  cert.sign(key, forge.md.sha256.create());
  return { keyPem, certPem: forge.pki.certificateToPem(cert), chainPem: [] };
}

export interface OrganisationSubject {
  name: string; // 中山市翠湖置业发展有限公司 — the certificate's CN and O
  kind: OrganisationKind;
  uscc?: string; // 统一社会信用代码, put in organizationIdentifier (2.5.4.97)
  years?: number;
  /** where the CA publishes its CRL and answers OCSP (cRLDistributionPoints, authorityInfoAccess) */
  revocation?: RevocationPointers;
  /** certify this public key (SPKI PEM, e.g. made inside an HSM) instead of making a new key; keyPem is then '' */
  publicKeyPem?: string;
}

/** Extensions naming the issuer's CRL and OCSP responder. */
const revocationExtensions = (p: RevocationPointers | undefined) => {
  if (!p) return [];
  const v = revocationExtensionValues(p);
  return [rawExtension('2.5.29.31', v.crlDp), rawExtension('1.3.6.1.5.5.7.1.1', v.aia)];
};

export async function issueOrganisationCertificate(ca: Credential, s: OrganisationSubject): Promise<Credential> {
  const caCert = forge.pki.certificateFromPem(ca.certPem);
  const caKey = forge.pki.privateKeyFromPem(ca.keyPem);
  const { keyPem, pub } = s.publicKeyPem
    ? { keyPem: '', pub: forge.pki.publicKeyFromPem(s.publicKeyPem) }
    : await newKey();
  // A TSA certificate lives as long as its CA (its key is rotated sooner, `netsign keys rotate tsa`):
  // the tokens it signed must stay verifiable until a renewal archive time-stamp secures them.
  // No certificate outlives the CA that issued it.
  const cert = baseCert(pub, s.years ?? (s.kind === 'tsa' ? 20 : 5));
  if (cert.validity.notAfter > caCert.validity.notAfter) cert.validity.notAfter = caCert.validity.notAfter;
  const extra: forge.pki.CertificateField[] = [
    {
      shortName: 'OU',
      ...utf8({ seller: '房地产开发企业', notary: '公证处', center: '交易中心', tsa: '时间戳服务' }[s.kind]),
    },
  ];
  if (s.uscc) extra.push({ type: '2.5.4.97', value: 'NTRCN-' + s.uscc, valueTagClass: UTF8 });
  cert.setSubject(dn(s.kind === 'tsa' ? `${s.name} 时间戳` : s.name, s.name, extra));
  cert.setIssuer(reusable(caCert.subject.attributes));
  const exts: object[] = [
    { name: 'basicConstraints', cA: false, critical: true },
    { name: 'subjectKeyIdentifier' },
    { name: 'authorityKeyIdentifier', keyIdentifier: caCert.generateSubjectKeyIdentifier().getBytes() },
  ];
  // the holder's kind, read by verifiers (profile.ts) — never inferred from names
  exts.push(rawExtension('2.5.29.32', certificatePoliciesDer([POLICY[s.kind]])));
  if (s.kind === 'tsa') {
    exts.push({ name: 'keyUsage', digitalSignature: true, nonRepudiation: true, critical: true });
    exts.push({ name: 'extKeyUsage', timeStamping: true, critical: true }); // RFC 3161 §2.3
  } else {
    exts.push({ name: 'keyUsage', digitalSignature: true, nonRepudiation: true, critical: true });
    // emailProtection: NSS (pdfsig, Firefox) checks signers for it; 1.3.6.1.5.5.7.3.36 = documentSigning
    exts.push({ name: 'extKeyUsage', emailProtection: true, '1.3.6.1.5.5.7.3.36': true });
  }
  exts.push(...revocationExtensions(s.revocation));
  cert.setExtensions(exts);
  cert.sign(caKey, forge.md.sha256.create());
  return { keyPem, certPem: forge.pki.certificateToPem(cert), chainPem: [ca.certPem, ...ca.chainPem] };
}

/**
 * The CA's delegated OCSP responder (RFC 6960 §4.2.2.2): id-kp-OCSPSigning only, and
 * id-pkix-ocsp-nocheck so clients do not ask about the responder itself. Short-lived instead.
 */
export async function issueOcspResponderCertificate(ca: Credential, o: { days?: number } = {}): Promise<Credential> {
  const caCert = forge.pki.certificateFromPem(ca.certPem);
  const { keyPem, pub } = await newKey();
  const cert = baseCert(pub, 0);
  cert.validity.notAfter = new Date(Date.now() + (o.days ?? 90) * 24 * 3600_000);
  const caName = reusable(caCert.subject.attributes).find((a) => a.shortName === 'CN')?.value as string;
  cert.setSubject(dn(`${caName} OCSP`, 'netsign', [{ shortName: 'OU', ...utf8('OCSP 响应服务') }]));
  cert.setIssuer(reusable(caCert.subject.attributes));
  cert.setExtensions([
    { name: 'basicConstraints', cA: false, critical: true },
    { name: 'keyUsage', digitalSignature: true, critical: true },
    { name: 'extKeyUsage', '1.3.6.1.5.5.7.3.9': true, critical: true },
    {
      id: '1.3.6.1.5.5.7.48.1.5',
      critical: false,
      value: forge.asn1.create(forge.asn1.Class.UNIVERSAL, forge.asn1.Type.NULL, false, ''),
    },
    { name: 'subjectKeyIdentifier' },
    { name: 'authorityKeyIdentifier', keyIdentifier: caCert.generateSubjectKeyIdentifier().getBytes() },
  ]);
  cert.sign(forge.pki.privateKeyFromPem(ca.keyPem), forge.md.sha256.create());
  return { keyPem, certPem: forge.pki.certificateToPem(cert), chainPem: [ca.certPem, ...ca.chainPem] };
}

/** An extension forge does not know, from its DER value. (Buyer event certificates: event-certificate.ts.) */
const rawExtension = (id: string, der: Buffer, critical = false) => ({
  id,
  critical,
  value: forge.asn1.fromDer(der.toString('binary')),
});

/** PKCS#12 (.p12/.pfx) with the key, the certificate and its chain, AES-256 protected. */
export function exportPkcs12(c: Credential, password: string, friendlyName = 'netsign'): Buffer {
  const key = forge.pki.privateKeyFromPem(c.keyPem);
  const certs = [c.certPem, ...c.chainPem].map((p) => forge.pki.certificateFromPem(p));
  const p12 = forge.pkcs12.toPkcs12Asn1(key, certs, password, { algorithm: 'aes256', friendlyName });
  return Buffer.from(forge.asn1.toDer(p12).getBytes(), 'binary');
}

/** Read a PKCS#12 from any CA (RSA keys). The certificate whose key matches is the holder's. */
export function importPkcs12(p12: Buffer, password: string): Credential {
  const asn = forge.asn1.fromDer(p12.toString('binary'));
  const pfx = forge.pkcs12.pkcs12FromAsn1(asn, false, password);
  const keyBag = [
    ...(pfx.getBags({ bagType: forge.pki.oids.pkcs8ShroudedKeyBag })[forge.pki.oids.pkcs8ShroudedKeyBag] ?? []),
    ...(pfx.getBags({ bagType: forge.pki.oids.keyBag })[forge.pki.oids.keyBag] ?? []),
  ][0];
  if (!keyBag?.key)
    throw new Error('PKCS#12: no RSA private key found (EC keys: convert to PEM and build the Credential directly)');
  const key = keyBag.key as forge.pki.rsa.PrivateKey;
  const certs = (pfx.getBags({ bagType: forge.pki.oids.certBag })[forge.pki.oids.certBag] ?? [])
    .map((b) => b.cert)
    .filter((c): c is forge.pki.Certificate => !!c);
  const holder = certs.find((c) => (c.publicKey as forge.pki.rsa.PublicKey).n.equals(key.n));
  if (!holder) throw new Error('PKCS#12: no certificate matches the private key');
  // order the rest nearest issuer first
  const chain: forge.pki.Certificate[] = [];
  let cur = holder;
  for (;;) {
    const next = certs.find((c) => c !== cur && !chain.includes(c) && c.subject.hash === cur.issuer.hash);
    if (!next || next === cur) break;
    chain.push(next);
    if (next.subject.hash === next.issuer.hash) break;
    cur = next;
  }
  return {
    keyPem: forge.pki.privateKeyToPem(key),
    certPem: forge.pki.certificateToPem(holder),
    chainPem: chain.map((c) => forge.pki.certificateToPem(c)),
  };
}
