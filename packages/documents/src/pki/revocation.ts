// Revocation (issue 13 item 1): the platform CA's CRLs (RFC 5280 §5) and OCSP responses (RFC 6960),
// built and read with pkijs, and the verifier's rule: a signature whose trusted time-stamp precedes
// its certificate's revocation stays valid; one made after it (or with no proven time) does not.
import { createHash, createPrivateKey } from 'node:crypto';
import * as asn1 from 'asn1js';
import * as pkijs from 'pkijs';
import type { Credential } from './keys.ts';

/** CRLReason (RFC 5280 §5.3.1), the names `netsign keys revoke --reason` takes. */
export const REVOCATION_REASONS = {
  unspecified: 0,
  keyCompromise: 1,
  cACompromise: 2,
  affiliationChanged: 3,
  superseded: 4,
  cessationOfOperation: 5,
  certificateHold: 6,
  privilegeWithdrawn: 9,
  aACompromise: 10,
} as const;
export type RevocationReason = keyof typeof REVOCATION_REASONS;
export const REASON_LABEL: Record<RevocationReason, string> = {
  unspecified: '未说明',
  keyCompromise: '密钥泄露',
  cACompromise: 'CA 密钥泄露',
  affiliationChanged: '隶属关系变更',
  superseded: '已被新证书取代',
  cessationOfOperation: '停止运营',
  certificateHold: '暂停使用',
  privilegeWithdrawn: '权限撤回',
  aACompromise: '属性机构泄露',
};
const reasonName = (code: number): RevocationReason =>
  (Object.entries(REVOCATION_REASONS).find(([, c]) => c === code)?.[0] ?? 'unspecified') as RevocationReason;

export interface RevokedEntry {
  serial: string /* hex */;
  revokedAt: Date;
  reason: RevocationReason;
}

const ab = (b: Uint8Array): ArrayBuffer => b.buffer.slice(b.byteOffset, b.byteOffset + b.byteLength) as ArrayBuffer;
const pemBody = (pem: string) => Buffer.from(pem.replace(/-----(BEGIN|END) [A-Z ]+-----|\s/g, ''), 'base64');
/** A PEM certificate parsed by pkijs; the few in use (CAs, responders, the TSA) are parsed once. */
export function parsePem(pem: string): pkijs.Certificate {
  let c = parsedPems.get(pem);
  if (!c) {
    c = pkijs.Certificate.fromBER(ab(pemBody(pem)));
    if (parsedPems.size > 256) parsedPems.clear();
    parsedPems.set(pem, c);
  }
  return c;
}
const parsedPems = new Map<string, pkijs.Certificate>();
export const serialOf = (c: pkijs.Certificate) => Buffer.from(c.serialNumber.valueBlock.valueHexView).toString('hex');
const ext = (extnID: string, value: ArrayBuffer, critical = false) =>
  new pkijs.Extension({ extnID, critical, extnValue: value });

/** A CA's key identifier (its subjectKeyIdentifier, else SHA-1 of its public key): names its CRL. */
export function keyIdOf(certPem: string): string {
  const c = parsePem(certPem);
  const ski = c.extensions?.find((e) => e.extnID === '2.5.29.14')?.parsedValue as asn1.OctetString | undefined;
  return Buffer.from(
    ski
      ? ski.valueBlock.valueHexView
      : createHash('sha1').update(c.subjectPublicKeyInfo.subjectPublicKey.valueBlock.valueHexView).digest(),
  ).toString('hex');
}

/** The authorityKeyIdentifier of a certificate: the key id of the CA that issued it. */
export function issuerKeyIdOf(c: pkijs.Certificate): string | undefined {
  const aki = c.extensions?.find((e) => e.extnID === '2.5.29.35')?.parsedValue as
    | pkijs.AuthorityKeyIdentifier
    | undefined;
  return aki?.keyIdentifier ? Buffer.from(aki.keyIdentifier.valueBlock.valueHexView).toString('hex') : undefined;
}

/** WebCrypto key of an RSA credential (pkijs signs CRLs, OCSP responses with it). */
export function webCryptoKey(keyPem: string): Promise<CryptoKey> {
  // imported once per key: an OCSP responder signs an answer for every certificate of every document it finishes
  let k = importedKeys.get(keyPem);
  if (!k) {
    const pkcs8 = createPrivateKey(keyPem).export({ format: 'der', type: 'pkcs8' });
    k = crypto.subtle.importKey('pkcs8', pkcs8, { name: 'RSASSA-PKCS1-v1_5', hash: 'SHA-256' }, false, ['sign']);
    if (importedKeys.size > 64) importedKeys.clear();
    importedKeys.set(keyPem, k);
  }
  return k;
}
const importedKeys = new Map<string, Promise<CryptoKey>>();

/** The extensions every certificate the CA issues carries: where its CRL is and who answers OCSP. */
export interface RevocationPointers {
  crlUrl: string;
  ocspUrl: string;
}

/** DER values of the cRLDistributionPoints and authorityInfoAccess (OCSP) extensions. */
export function revocationExtensionValues(p: RevocationPointers): { crlDp: Buffer; aia: Buffer } {
  const uri = (value: string) => new pkijs.GeneralName({ type: 6, value });
  const crlDp = new pkijs.CRLDistributionPoints({
    distributionPoints: [new pkijs.DistributionPoint({ distributionPoint: [uri(p.crlUrl)] })],
  });
  const aia = new pkijs.InfoAccess({
    accessDescriptions: [
      new pkijs.AccessDescription({ accessMethod: '1.3.6.1.5.5.7.48.1', accessLocation: uri(p.ocspUrl) }),
    ],
  });
  return { crlDp: Buffer.from(crlDp.toSchema().toBER(false)), aia: Buffer.from(aia.toSchema().toBER(false)) };
}

/** The CRL's URL and the OCSP URL a certificate names (undefined when it names none). */
export function revocationPointersOf(c: pkijs.Certificate): Partial<RevocationPointers> {
  const dp = c.extensions?.find((e) => e.extnID === '2.5.29.31')?.parsedValue as
    | pkijs.CRLDistributionPoints
    | undefined;
  const aia = c.extensions?.find((e) => e.extnID === '1.3.6.1.5.5.7.1.1')?.parsedValue as pkijs.InfoAccess | undefined;
  const names = (dp?.distributionPoints ?? []).flatMap((d) =>
    Array.isArray(d.distributionPoint) ? d.distributionPoint : [],
  );
  return {
    crlUrl: names.find((n) => n.type === 6)?.value as string | undefined,
    ocspUrl: aia?.accessDescriptions.find((a) => a.accessMethod === '1.3.6.1.5.5.7.48.1')?.accessLocation.value as
      | string
      | undefined,
  };
}

/** A CRL of `ca`, signed by it: every revoked serial with its time and reason, numbered. */
export async function issueCrl(
  ca: Credential,
  entries: RevokedEntry[],
  o: { number: number; thisUpdate: Date; nextUpdate: Date },
): Promise<Buffer> {
  const caCert = parsePem(ca.certPem);
  const crl = new pkijs.CertificateRevocationList();
  crl.version = 1;
  crl.issuer = caCert.subject;
  crl.thisUpdate = new pkijs.Time({ type: 0, value: o.thisUpdate });
  crl.nextUpdate = new pkijs.Time({ type: 0, value: o.nextUpdate });
  if (entries.length) {
    crl.revokedCertificates = entries.map(
      (e) =>
        new pkijs.RevokedCertificate({
          userCertificate: new asn1.Integer({ valueHex: ab(Buffer.from(e.serial, 'hex')) }),
          revocationDate: new pkijs.Time({ type: 0, value: e.revokedAt }),
          crlEntryExtensions: new pkijs.Extensions({
            extensions: [ext('2.5.29.21', new asn1.Enumerated({ value: REVOCATION_REASONS[e.reason] }).toBER(false))],
          }),
        }),
    );
  }
  crl.crlExtensions = new pkijs.Extensions({
    extensions: [
      ext(
        '2.5.29.35',
        new pkijs.AuthorityKeyIdentifier({
          keyIdentifier: new asn1.OctetString({ valueHex: ab(Buffer.from(keyIdOf(ca.certPem), 'hex')) }),
        })
          .toSchema()
          .toBER(false),
      ),
      ext('2.5.29.20', new asn1.Integer({ value: o.number }).toBER(false)), // cRLNumber
    ],
  });
  await crl.sign(await webCryptoKey(ca.keyPem), 'SHA-256');
  return Buffer.from(crl.toSchema(true).toBER(false));
}

export interface CrlFacts {
  issuerKeyId?: string;
  thisUpdate: Date;
  nextUpdate?: Date;
  number?: number;
  revoked: RevokedEntry[];
}

/** Reads a CRL and checks its signature with the issuer's certificate; null when it is not the issuer's. */
export async function readCrl(der: Uint8Array, issuer: pkijs.Certificate): Promise<CrlFacts | null> {
  const crl = pkijs.CertificateRevocationList.fromBER(ab(der));
  if (!crl.issuer.isEqual(issuer.subject)) return null;
  if (!(await crl.verify({ issuerCertificate: issuer }).catch(() => false))) return null;
  const aki = crl.crlExtensions?.extensions.find((e) => e.extnID === '2.5.29.35')?.parsedValue as
    | pkijs.AuthorityKeyIdentifier
    | undefined;
  const num = crl.crlExtensions?.extensions.find((e) => e.extnID === '2.5.29.20')?.parsedValue as
    | asn1.Integer
    | undefined;
  return {
    issuerKeyId: aki?.keyIdentifier
      ? Buffer.from(aki.keyIdentifier.valueBlock.valueHexView).toString('hex')
      : undefined,
    thisUpdate: crl.thisUpdate.value,
    nextUpdate: crl.nextUpdate?.value,
    number: num?.valueBlock.valueDec,
    revoked: (crl.revokedCertificates ?? []).map((r) => {
      const code = r.crlEntryExtensions?.extensions.find((e) => e.extnID === '2.5.29.21')?.parsedValue as
        | asn1.Enumerated
        | undefined;
      return {
        serial: Buffer.from(r.userCertificate.valueBlock.valueHexView).toString('hex'),
        revokedAt: r.revocationDate.value,
        reason: reasonName(code?.valueBlock.valueDec ?? 0),
      };
    }),
  };
}

// ---- OCSP (RFC 6960) ----

const OCSP_BASIC = '1.3.6.1.5.5.7.48.1.1';
const OCSP_NONCE = '1.3.6.1.5.5.7.48.1.2';

export type OcspStatus =
  | { status: 'good' }
  | { status: 'revoked'; revokedAt: Date; reason: RevocationReason }
  | { status: 'unknown' };

/** Which CA a CertID names: compares the issuer name and key hashes with each of our CAs. */
async function matchIssuer(id: pkijs.CertID, cas: Credential[]): Promise<Credential | undefined> {
  const alg =
    id.hashAlgorithm.algorithmId === '1.3.14.3.2.26'
      ? 'sha1'
      : id.hashAlgorithm.algorithmId === '2.16.840.1.101.3.4.2.1'
        ? 'sha256'
        : undefined;
  if (!alg) return undefined;
  const nameHash = Buffer.from(id.issuerNameHash.valueBlock.valueHexView);
  const keyHash = Buffer.from(id.issuerKeyHash.valueBlock.valueHexView);
  return cas.find((ca) => {
    const c = parsePem(ca.certPem);
    return (
      createHash(alg)
        .update(Buffer.from(c.subject.toSchema().toBER(false)))
        .digest()
        .equals(nameHash) &&
      createHash(alg).update(c.subjectPublicKeyInfo.subjectPublicKey.valueBlock.valueHexView).digest().equals(keyHash)
    );
  });
}

const status = (s: OcspStatus): asn1.BaseBlock => {
  if (s.status === 'good')
    return new asn1.Primitive({ idBlock: { tagClass: 3, tagNumber: 0 }, lenBlockLength: 1 } as never);
  if (s.status === 'unknown')
    return new asn1.Primitive({ idBlock: { tagClass: 3, tagNumber: 2 }, lenBlockLength: 1 } as never);
  return new asn1.Constructed({
    idBlock: { tagClass: 3, tagNumber: 1 },
    value: [
      new asn1.GeneralizedTime({ valueDate: new Date(Math.floor(s.revokedAt.getTime() / 1000) * 1000) }),
      new asn1.Constructed({
        idBlock: { tagClass: 3, tagNumber: 0 },
        value: [new asn1.Enumerated({ value: REVOCATION_REASONS[s.reason] })],
      }),
    ],
  });
};

const failure = (code: number) => {
  const r = new pkijs.OCSPResponse();
  r.responseStatus = new asn1.Enumerated({ value: code });
  return Buffer.from(r.toSchema().toBER(false));
};

export interface OcspResponderOptions {
  /** every CA this responder answers for, with its delegated responder credential */
  cas: { ca: Credential; responder: Credential }[];
  /** the status of a serial (hex) issued by `ca` */
  statusOf(ca: Credential, serialHex: string): Promise<OcspStatus>;
  now: Date;
  /** how long a "good" answer may be relied on (nextUpdate) */
  validityMs?: number;
}

/**
 * Answers an OCSPRequest (DER). One responder certificate signs the whole answer, so every
 * request in it must name the same CA; a request we cannot read is malformedRequest (1), a CA
 * we do not run answers unauthorized (6).
 */
export async function ocspRespond(requestDer: Uint8Array, o: OcspResponderOptions): Promise<Buffer> {
  let req: pkijs.OCSPRequest;
  try {
    req = pkijs.OCSPRequest.fromBER(ab(requestDer));
  } catch {
    return failure(1);
  }
  const list = req.tbsRequest.requestList;
  if (!list.length) return failure(1);
  const cas = o.cas.map((c) => c.ca);
  const issuers = await Promise.all(list.map((r) => matchIssuer(r.reqCert, cas)));
  const ca = issuers[0];
  if (!ca || issuers.some((i) => i !== ca)) return failure(6);
  const responder = o.cas.find((c) => c.ca === ca)!.responder;
  // whole seconds: DER GeneralizedTime with a fraction is refused by NSS (pdfsig, Firefox)
  const now = new Date(Math.floor(o.now.getTime() / 1000) * 1000);
  const basic = new pkijs.BasicOCSPResponse();
  const responderCert = parsePem(responder.certPem);
  basic.tbsResponseData.responderID = responderCert.subject;
  basic.tbsResponseData.producedAt = now;
  for (const r of list) {
    const s = await o.statusOf(ca, Buffer.from(r.reqCert.serialNumber.valueBlock.valueHexView).toString('hex'));
    basic.tbsResponseData.responses.push(
      new pkijs.SingleResponse({
        certID: r.reqCert,
        certStatus: status(s),
        thisUpdate: now,
        nextUpdate: new Date(now.getTime() + (o.validityMs ?? 24 * 3600_000)),
      }),
    );
  }
  const nonce = req.tbsRequest.requestExtensions?.find((e) => e.extnID === OCSP_NONCE);
  if (nonce)
    basic.tbsResponseData.responseExtensions = [
      new pkijs.Extension({ extnID: OCSP_NONCE, extnValue: nonce.extnValue.valueBlock.valueHexView.slice().buffer }),
    ];
  basic.certs = [responderCert];
  await basic.sign(await webCryptoKey(responder.keyPem), 'SHA-256');
  const resp = new pkijs.OCSPResponse();
  resp.responseStatus = new asn1.Enumerated({ value: 0 });
  resp.responseBytes = new pkijs.ResponseBytes({
    responseType: OCSP_BASIC,
    response: new asn1.OctetString({ valueHex: basic.toSchema().toBER(false) }),
  });
  return Buffer.from(resp.toSchema().toBER(false));
}

/** An OCSP request for `cert` (SHA-1 CertID, as openssl sends), with a nonce. */
export async function createOcspRequest(
  cert: pkijs.Certificate,
  issuer: pkijs.Certificate,
  nonce?: Uint8Array,
): Promise<Buffer> {
  const req = new pkijs.OCSPRequest();
  await req.createForCertificate(cert, { hashAlgorithm: 'SHA-1', issuerCertificate: issuer });
  if (nonce)
    req.tbsRequest.requestExtensions = [
      new pkijs.Extension({
        extnID: OCSP_NONCE,
        extnValue: new asn1.OctetString({ valueHex: ab(nonce) }).toBER(false),
      }),
    ];
  return Buffer.from(req.toSchema(true).toBER(false));
}

export interface OcspFacts {
  status: OcspStatus;
  producedAt: Date;
  responder: pkijs.Certificate;
  signatureOk: boolean;
  responderAuthorized: boolean;
  nonce?: Buffer /** of the answer about `cert` (absent when it has none) */;
  thisUpdate?: Date;
  nextUpdate?: Date;
}

/**
 * Reads an OCSP response about `cert`: its status, whether the signature verifies and whether the
 * responder is the issuer itself or a certificate the issuer gave id-kp-OCSPSigning (RFC 6960 §4.2.2.2).
 */
export async function readOcspResponse(
  der: Uint8Array,
  cert: pkijs.Certificate,
  issuer: pkijs.Certificate,
): Promise<OcspFacts> {
  const resp = pkijs.OCSPResponse.fromBER(ab(der));
  if (resp.responseStatus.valueBlock.valueDec !== 0 || !resp.responseBytes)
    throw new Error(`OCSP responder refused: status ${resp.responseStatus.valueBlock.valueDec}`);
  const basic = pkijs.BasicOCSPResponse.fromBER(resp.responseBytes.response.valueBlock.valueHexView.slice().buffer);
  const responder =
    basic.certs?.find(
      (c) =>
        basic.tbsResponseData.responderID instanceof pkijs.RelativeDistinguishedNames &&
        c.subject.isEqual(basic.tbsResponseData.responderID),
    ) ?? issuer;
  const signatureOk = await pkijs
    .getCrypto(true)
    .verifyWithPublicKey(
      basic.tbsResponseData.tbsView as BufferSource,
      basic.signature,
      responder.subjectPublicKeyInfo,
      basic.signatureAlgorithm,
    )
    .catch(() => false);
  const eku = responder.extensions?.find((e) => e.extnID === '2.5.29.37')?.parsedValue as pkijs.ExtKeyUsage | undefined;
  const responderAuthorized =
    responder === issuer ||
    (responder.issuer.isEqual(issuer.subject) &&
      !!eku?.keyPurposes.includes('1.3.6.1.5.5.7.3.9') &&
      (await responder.verify(issuer).catch(() => false)));
  const id = new pkijs.CertID();
  await id.createForCertificate(cert, { hashAlgorithm: 'SHA-1', issuerCertificate: issuer });
  const single = basic.tbsResponseData.responses.find((r) => r.certID.serialNumber.isEqual(cert.serialNumber));
  let st: OcspStatus = { status: 'unknown' };
  if (single) {
    const cs = single.certStatus as asn1.BaseBlock & {
      idBlock: { tagNumber: number; isConstructed: boolean };
      valueBlock: { value: asn1.AsnType[] };
    };
    if (cs.idBlock.tagNumber === 0) st = { status: 'good' };
    else if (cs.idBlock.tagNumber === 1) {
      const [time, reason] = cs.valueBlock.value as [asn1.GeneralizedTime, asn1.Constructed | undefined];
      const code = (reason?.valueBlock.value[0] as asn1.Enumerated | undefined)?.valueBlock.valueDec ?? 0;
      st = { status: 'revoked', revokedAt: time.toDate(), reason: reasonName(code) };
    }
  }
  const nonce = basic.tbsResponseData.responseExtensions?.find((e) => e.extnID === OCSP_NONCE);
  return {
    status: st,
    producedAt: basic.tbsResponseData.producedAt,
    responder,
    signatureOk,
    responderAuthorized,
    nonce: nonce ? Buffer.from(nonce.extnValue.valueBlock.valueHexView) : undefined,
    thisUpdate: single?.thisUpdate,
    nextUpdate: single?.nextUpdate,
  };
}

// ---- the verifier's rule ----

export type RevocationCheck =
  | { status: 'not-checked'; note: string }
  | { status: 'good'; source: 'crl'; crlThisUpdate: string }
  | {
      status: 'revoked';
      source: 'crl';
      revokedAt: string;
      reason: RevocationReason;
      reasonLabel: string;
      before: boolean /* revoked before the signature's proven time (or no proven time) */;
    };

/**
 * Is `cert` revoked according to a CRL (signed by its issuer) among `crls`? A revocation counts
 * against a signature unless a trusted time-stamp proves the signature older (`provenTime`).
 */
export async function checkRevocation(
  cert: pkijs.Certificate,
  issuers: pkijs.Certificate[],
  crls: Uint8Array[],
  provenTime: Date | undefined,
): Promise<RevocationCheck> {
  const issuer =
    issuers.find((i) => i.subject.isEqual(cert.issuer) && issuerKeyIdOf(cert) === keyIdOf(pemOf(i))) ??
    issuers.find((i) => i.subject.isEqual(cert.issuer));
  if (!issuer) return { status: 'not-checked', note: 'issuer certificate not available' };
  let newest: CrlFacts | null = null;
  for (const der of crls) {
    let facts: CrlFacts | null = null;
    try {
      facts = await readCrl(der, issuer);
    } catch {
      facts = null;
    }
    if (facts && (!newest || facts.thisUpdate > newest.thisUpdate)) newest = facts;
  }
  if (!newest) return { status: 'not-checked', note: 'no CRL of the issuer given' };
  const hit = newest.revoked.find((r) => r.serial === serialOf(cert));
  if (!hit) return { status: 'good', source: 'crl', crlThisUpdate: newest.thisUpdate.toISOString() };
  return {
    status: 'revoked',
    source: 'crl',
    revokedAt: hit.revokedAt.toISOString(),
    reason: hit.reason,
    reasonLabel: REASON_LABEL[hit.reason],
    before: !provenTime || revokedBeforeUse(hit.revokedAt, provenTime),
  };
}

const pemOf = (c: pkijs.Certificate) =>
  `-----BEGIN CERTIFICATE-----\n${Buffer.from(c.toSchema().toBER(false)).toString('base64')}\n-----END CERTIFICATE-----\n`;

/**
 * Whether a certificate revoked at `revokedAt` was already revoked when used at `usedAt`. CRLs and
 * OCSP date a revocation to the whole second (the time within it is unknown): it was before the use
 * only when that whole second had ended by then. A time-stamp made a moment before a key rotation
 * in the same second was otherwise judged made with a revoked certificate.
 */
export function revokedBeforeUse(revokedAt: Date, usedAt: Date): boolean {
  return Math.floor(revokedAt.getTime() / 1000) * 1000 + 1000 <= usedAt.getTime();
}
