import { z, ZInstant, ZSha256 } from './zod';

// The public verification (no sign-in): a document's record by its hash, the report on an
// uploaded PDF (the same verifyPdf `netsign verify` runs, packages/documents/src/pki/verify.ts),
// and a 公证书 found by its number and verification code (the QR on its cover).

/** A text in both languages, as the verifier words it. */
const ZText = z.object({ zh: z.string(), en: z.string() });
const ZFinding = z.object({ code: z.string(), zh: z.string(), en: z.string() });
const ZPadesLevel = z.enum(['B-B', 'B-T', 'B-LT', 'B-LTA']);
const ZDocumentKind = z.enum([
  'econtract',
  'application_form',
  'notice',
  'intake_record',
  'certificate',
  'filing_record',
]);
const ZSignerRole = z.enum(['seller', 'notary', 'center', 'tsa', 'buyer', 'unknown']);
const ZByteRange = z.tuple([z.number(), z.number(), z.number(), z.number()]);

/** When a signature was made: proven by a time-stamp, or only claimed by the signer. */
const ZSigningTime = z.discriminatedUnion('source', [
  z.object({
    source: z.literal('timestamp'),
    time: z.string(),
    authority: z.string(),
    trusted: z.boolean(),
    problem: z.string().optional(),
  }),
  z.object({ source: z.literal('claimed'), time: z.string().nullable(), note: z.string() }),
]);
/** The signer certificate's revocation status, by the CRLs the server holds and those in the file. */
const ZRevocationCheck = z.discriminatedUnion('status', [
  z.object({ status: z.literal('not-checked'), note: z.string() }),
  z.object({ status: z.literal('good'), source: z.literal('crl'), crlThisUpdate: z.string() }),
  z.object({
    status: z.literal('revoked'),
    source: z.literal('crl'),
    revokedAt: z.string(),
    reason: z.string(),
    reasonLabel: z.string(),
    /** revoked before the signature's proven time (or no proven time) */
    before: z.boolean(),
  }),
]);

const ZSignatureReport = z.object({
  index: z.number().int(),
  signer: z
    .object({
      commonName: z.string(),
      subject: z.string(),
      serialNumber: z.string(),
      issuer: z.string(),
      organisationId: z.string().optional(),
      /** buyers: a salted hash of the ID number, never the number */
      idHash: z.string().optional(),
    })
    .nullable(),
  role: ZSignerRole,
  roleLabel: ZText,
  identityVerification: z.enum(['face', 'document-video']).optional(),
  context: z.object({ reference: z.string(), caseNumber: z.string(), buyerIndex: z.number().int() }).optional(),
  type: z.enum(['certification', 'approval']),
  docMdp: z.number().int().optional(),
  reason: z.string().optional(),
  location: z.string().optional(),
  subFilter: z.string().optional(),
  digestAlgorithm: z.string().optional(),
  signatureAlgorithm: z.string().optional(),
  signingTime: ZSigningTime,
  byteRange: ZByteRange,
  revision: z.number().int(),
  coversWholeFile: z.boolean(),
  coverage: ZText,
  intact: z.boolean(),
  trusted: z.boolean(),
  fitForDocuments: z.boolean(),
  chain: z.array(z.string()),
  revocation: ZRevocationCheck,
  level: ZPadesLevel.nullable(),
  levelReasons: z.array(ZText),
  problems: z.array(z.string()),
});

/** What the platform's record says of a file it issued (no personal data). */
const ZRecordFacts = z.object({
  kind: z.string(),
  title: z.string(),
  reference: z.string(),
  signedBy: z.string().nullable(),
  issuedAt: ZInstant,
});

/** POST /api/public/verify: every signature and time-stamp of the PDF, the policy of its kind, and its record. */
export const ZVerifyReport = z.object({
  sha256: ZSha256,
  size: z.number().int(),
  kind: z.union([ZDocumentKind, z.literal('unknown')]),
  kindLabel: ZText,
  facts: z.object({
    kind: z.union([ZDocumentKind, z.literal('unknown')]),
    reference: z.string().optional(),
    buyers: z.number().int().optional(),
    buyerIndex: z.number().int().optional(),
  }),
  rule: ZText.optional(),
  signatures: z.array(ZSignatureReport),
  documentTimestamps: z.array(
    z.object({
      index: z.number().int(),
      time: z.string().nullable(),
      authority: z.string(),
      trusted: z.boolean(),
      problem: z.string().optional(),
      tsa: z.object({ subject: z.string(), serialNumber: z.string(), notAfter: z.string() }).optional(),
      byteRange: ZByteRange,
      coversWholeFile: z.boolean(),
    }),
  ),
  dss: z.object({ certs: z.number(), crls: z.number(), ocsps: z.number(), vri: z.number() }).nullable(),
  levels: z.object({
    at: z.string(),
    embeddedOnly: z.boolean(),
    required: ZPadesLevel.optional(),
    lowest: ZPadesLevel.nullable(),
  }),
  revisions: z.number().int(),
  modifiedAfterLastSignature: z.boolean(),
  /** whether the platform's record was looked up, and what it said */
  record: z.union([
    z.object({ checked: z.literal(false), note: ZText }),
    ZRecordFacts.partial().extend({
      checked: z.literal(true),
      error: z.string().optional(),
      onRecord: z.boolean().optional(),
    }),
  ]),
  signaturesValid: z.boolean(),
  valid: z.boolean(),
  verdict: ZText,
  problems: z.array(ZFinding),
  /** the file is the one the platform issued: its record; null when it is not on record */
  onRecord: ZRecordFacts.nullable(),
});
export type TVerifyReport = z.infer<typeof ZVerifyReport>;

/** GET /api/public/documents/by-hash/:sha256: the file is on record, and as what. */
export const ZDocumentRecord = ZRecordFacts.extend({ onRecord: z.literal(true), pages: z.number().int() });

/**
 * GET /api/public/certificates/verify: what the holder of a paper or PDF copy of a 公证书 can
 * compare (ID numbers masked), and the verdict on the archived PDF.
 */
export const ZCertificateVerification = z.object({
  kind: z.literal('公证书'),
  certificateNumber: z.string(),
  businessNo: z.string(),
  issuedAt: ZInstant.nullable(),
  sha256: ZSha256,
  pages: z.number().int().nullable(),
  /** 项目 楼栋 房号 */
  unit: z.string(),
  /** in yuan */
  totalPrice: z.number(),
  seller: z.string(),
  sellerUscc: z.string(),
  buyers: z.array(z.string()),
  /** 出卖人 with its USCC, each 买受人 with the ID number masked */
  parties: z.array(z.object({ role: z.string(), name: z.string(), id: z.string() })),
  signer: z
    .object({
      name: z.string().nullable(),
      role: ZText,
      type: z.enum(['certification', 'approval']),
      docMdp: z.number().int().optional(),
      time: ZSigningTime,
    })
    .nullable(),
  valid: z.boolean(),
  verdict: ZText,
  problems: z.array(ZFinding),
  signatures: z.array(
    z.object({
      signer: z.string().optional(),
      role: ZText,
      type: z.enum(['certification', 'approval']),
      docMdp: z.number().int().optional(),
      signingTime: ZSigningTime,
      intact: z.boolean(),
      trusted: z.boolean(),
      level: ZPadesLevel.nullable(),
    }),
  ),
});
export type TCertificateVerification = z.infer<typeof ZCertificateVerification>;
