// The certificate profile: what a certificate says about its holder, read from the certificate
// itself (policy OIDs, key usage, extended key usage, our signing-context extension), never from
// names. The verify policy (policy.ts) decides from these facts who may sign which document.
//
// OIDs live under 1.3.6.1.4.1.59999 (a placeholder private enterprise number — register your own
// and change NETSIGN_ARC; verifiers and issued certificates must agree).
import * as asn1 from 'asn1js';
import * as pkijs from 'pkijs';

export const NETSIGN_ARC = '1.3.6.1.4.1.59999';

/** Certificate policy OIDs: one per kind of holder (and, for buyers, per identity route). */
export const POLICY = {
  seller: `${NETSIGN_ARC}.1.1`, // 房地产开发企业 (organisation certificate)
  notary: `${NETSIGN_ARC}.1.2`, // 公证处
  center: `${NETSIGN_ARC}.1.3`, // 交易中心
  tsa: `${NETSIGN_ARC}.1.4`, // 时间戳服务
  buyerFace: `${NETSIGN_ARC}.2.1`, // 买受人事件证书, identity verified by face match
  buyerDocumentVideo: `${NETSIGN_ARC}.2.2`, // 买受人事件证书, identity verified by document + video
} as const;

/** Extension carrying the signing context of an event certificate (see eventContext()). */
export const SIGNING_CONTEXT_OID = `${NETSIGN_ARC}.2.100`;

export const EKU = {
  documentSigning: '1.3.6.1.5.5.7.3.36', // RFC 9336
  emailProtection: '1.3.6.1.5.5.7.3.4', // NSS (pdfsig, Firefox) checks PDF signers for it
  adobeAuthenticDocuments: '1.2.840.113583.1.1.5',
  any: '2.5.29.37.0',
  timeStamping: '1.3.6.1.5.5.7.3.8',
} as const;

export type Role = 'seller' | 'notary' | 'center' | 'tsa' | 'buyer' | 'unknown';

export const ROLE_LABEL: Record<Role, { zh: string; en: string }> = {
  seller: { zh: '出卖人（房地产开发企业）', en: 'seller (developer)' },
  notary: { zh: '公证处', en: 'notary office' },
  center: { zh: '交易中心', en: 'transaction center' },
  tsa: { zh: '时间戳服务', en: 'time-stamp authority' },
  buyer: { zh: '买受人', en: 'buyer' },
  unknown: { zh: '未知身份', en: 'unknown role' },
};

/** What an event certificate binds a buyer's key to: one contract, one buyer, one case. */
export interface SigningContext {
  reference: string; // 业务号 of the contract
  caseNumber: string; // 受理号 of the notary case
  buyerIndex: number; // the buyer's position in the contract
}

export interface CertificateProfile {
  role: Role;
  commonName: string;
  organisation?: string; // O
  organisationId?: string; // organizationIdentifier, e.g. NTRCN-<USCC>
  idHash?: string; // buyers: serialNumber attribute (salted hash of the ID number, never the number)
  identityVerification?: 'face' | 'document-video';
  context?: SigningContext;
  policies: string[];
  keyUsage: string[]; // digitalSignature, nonRepudiation, …
  extKeyUsage: string[] | null; // null = extension absent (any purpose)
  /** fit to sign documents: key usage allows signatures, EKU (if any) allows document signing, not a TSA key */
  documentSigning: { ok: boolean; problem?: string };
}

const KU_NAMES = [
  'digitalSignature',
  'nonRepudiation',
  'keyEncipherment',
  'dataEncipherment',
  'keyAgreement',
  'keyCertSign',
  'cRLSign',
  'encipherOnly',
  'decipherOnly',
];

/** A subject attribute's text (first value of that type). */
export function nameField(name: pkijs.RelativeDistinguishedNames, type: string): string | undefined {
  const a = name.typesAndValues.find((t) => t.type === type);
  const v = (a?.value as { valueBlock?: { value?: unknown } } | undefined)?.valueBlock?.value;
  return typeof v === 'string' ? v : undefined;
}

/** Encode the signing-context extension value: SEQUENCE { UTF8String, UTF8String, INTEGER }. */
export function encodeSigningContext(c: SigningContext): Buffer {
  return Buffer.from(
    new asn1.Sequence({
      value: [
        new asn1.Utf8String({ value: c.reference }),
        new asn1.Utf8String({ value: c.caseNumber }),
        new asn1.Integer({ value: c.buyerIndex }),
      ],
    }).toBER(false),
  );
}

function decodeSigningContext(value: ArrayBuffer): SigningContext | undefined {
  const r = asn1.fromBER(value);
  const items = (r.result as { valueBlock?: { value?: unknown[] } }).valueBlock?.value as
    | { valueBlock: { value?: string; valueDec?: number } }[]
    | undefined;
  if (r.offset === -1 || !items || items.length !== 3) return undefined;
  return {
    reference: String(items[0].valueBlock.value),
    caseNumber: String(items[1].valueBlock.value),
    buyerIndex: Number(items[2].valueBlock.valueDec),
  };
}

export function parseCertificate(der: ArrayBuffer | Uint8Array): pkijs.Certificate {
  const buf = der instanceof Uint8Array ? Uint8Array.from(der).buffer : der;
  return pkijs.Certificate.fromBER(buf);
}

export function certificateProfile(c: pkijs.Certificate): CertificateProfile {
  const ext = (id: string) => c.extensions?.find((e) => e.extnID === id);
  const ku = ext('2.5.29.15')?.parsedValue as asn1.BitString | undefined;
  const eku = ext('2.5.29.37')?.parsedValue as pkijs.ExtKeyUsage | undefined;
  const pol = ext('2.5.29.32')?.parsedValue as pkijs.CertificatePolicies | undefined;
  const bc = ext('2.5.29.19')?.parsedValue as pkijs.BasicConstraints | undefined;
  const policies = pol?.certificatePolicies.map((p) => p.policyIdentifier) ?? [];
  let keyUsage: string[] = [];
  if (ku) {
    const bits = new Uint8Array(ku.valueBlock.valueHexView);
    keyUsage = KU_NAMES.filter((_, i) => ((bits[i >> 3] ?? 0) >> (7 - (i & 7))) & 1);
  }
  const extKeyUsage = eku ? eku.keyPurposes.map(String) : null;
  let role: Role = 'unknown';
  let identityVerification: CertificateProfile['identityVerification'];
  if (policies.includes(POLICY.seller)) role = 'seller';
  else if (policies.includes(POLICY.notary)) role = 'notary';
  else if (policies.includes(POLICY.center)) role = 'center';
  else if (policies.includes(POLICY.tsa)) role = 'tsa';
  else if (policies.includes(POLICY.buyerFace)) {
    role = 'buyer';
    identityVerification = 'face';
  } else if (policies.includes(POLICY.buyerDocumentVideo)) {
    role = 'buyer';
    identityVerification = 'document-video';
  }
  // a time-stamping key is a TSA key whatever its policies say
  if (extKeyUsage?.includes(EKU.timeStamping)) role = 'tsa';
  const ctxExt = ext(SIGNING_CONTEXT_OID);
  const context = ctxExt ? decodeSigningContext(ctxExt.extnValue.valueBlock.valueHexView.slice().buffer) : undefined;

  let documentSigning: CertificateProfile['documentSigning'] = { ok: true };
  if (role === 'tsa') documentSigning = { ok: false, problem: 'a time-stamp authority key cannot sign documents' };
  else if (ku && !keyUsage.includes('digitalSignature') && !keyUsage.includes('nonRepudiation'))
    documentSigning = { ok: false, problem: `key usage ${keyUsage.join(', ') || '(none)'} does not allow signatures` };
  else if (
    extKeyUsage &&
    ![EKU.documentSigning, EKU.emailProtection, EKU.adobeAuthenticDocuments, EKU.any].some((u) =>
      extKeyUsage.includes(u),
    )
  )
    documentSigning = {
      ok: false,
      problem: `extended key usage ${extKeyUsage.join(', ')} does not allow document signing`,
    };
  else if (bc?.cA) documentSigning = { ok: false, problem: 'a CA certificate cannot sign documents' };

  return {
    role,
    commonName: nameField(c.subject, '2.5.4.3') ?? '',
    organisation: nameField(c.subject, '2.5.4.10'),
    organisationId: nameField(c.subject, '2.5.4.97'),
    idHash: role === 'buyer' ? nameField(c.subject, '2.5.4.5') : undefined,
    identityVerification,
    context,
    policies,
    keyUsage,
    extKeyUsage,
    documentSigning,
  };
}

/** DER of a certificatePolicies extension value naming the given policy OIDs (for the issuers). */
export function certificatePoliciesDer(oids: string[]): Buffer {
  return Buffer.from(
    new pkijs.CertificatePolicies({
      certificatePolicies: oids.map((policyIdentifier) => new pkijs.PolicyInformation({ policyIdentifier })),
    })
      .toSchema()
      .toBER(false),
  );
}
