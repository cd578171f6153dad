// @netsign/documents — public API. Renderers take plain data (zod-validated) and return PDF bytes;
// pki/ makes keys and certificates; signing, time-stamping and verification work on PDF Buffers.
export * from './types.ts';
export type { RenderedDocument } from './render/rendered.ts';
export { renderEContract } from './render/econtract.ts';
export { renderNotaryApplication, renderNotaryNotice, renderCaseRecord } from './render/notary-forms.ts';
export { NOTARY_NOTICE_VERSION, NOTARY_NOTICE_SECTIONS, notaryNoticeHash } from './render/notice-text.ts';
export { renderCertificate } from './render/certificate.ts';
export { renderFilingRecord } from './render/filing-record.ts';
export { renderSeal } from './render/seal-sheet.ts';
export { fingerprint, canonicalJson, yuanCapital } from './format.ts';
export {
  createRootCa,
  issueOrganisationCertificate,
  issueOcspResponderCertificate,
  exportPkcs12,
  importPkcs12,
  type Credential,
  type OrganisationKind,
  type OrganisationSubject,
} from './pki/keys.ts';
export { encryptPrivateKey, decryptPrivateKey } from './pki/key-store.ts';
export { signPdf, preparePdf, embedCms, type SignOptions, type PreparedPdf } from './pki/sign.ts';
export {
  createTimestampAuthority,
  createTimestampRequest,
  parseTimestampResponse,
  readTstInfo,
  timestamper,
  localTimestamper,
  httpTimestamper,
  DEFAULT_TSA_POLICY,
  type TimestampAuthority,
  type TimestampFn,
  type TstInfo,
} from './pki/tsa.ts';
export {
  verifyPdf,
  type VerifyReport,
  type VerifyOptions,
  type SignatureReport,
  type SigningTime,
  type RecordFacts,
  type RecordCheck,
} from './pki/verify.ts';
export {
  KIND_LABEL,
  RULE,
  MARKER,
  encodeReference,
  signatureSpot,
  type DocumentKind,
  type DocumentFacts,
  type Finding,
} from './pki/policy.ts';
export {
  POLICY,
  EKU,
  NETSIGN_ARC,
  SIGNING_CONTEXT_OID,
  ROLE_LABEL,
  type Role,
  type SigningContext,
  type CertificateProfile,
} from './pki/profile.ts';
export {
  createCertificationRequest,
  checkCertificationRequest,
  issueEventCertificate,
  toBeSigned,
  completeExternalSignature,
  ecdsaRawToDer,
  SigningError,
  type EventCertificateSubject,
  type CheckedRequest,
} from './pki/event-certificate.ts';
export {
  REVOCATION_REASONS,
  REASON_LABEL,
  issueCrl,
  readCrl,
  ocspRespond,
  createOcspRequest,
  readOcspResponse,
  checkRevocation,
  keyIdOf,
  issuerKeyIdOf,
  parsePem,
  serialOf,
  revocationPointersOf,
  type RevocationReason,
  type RevokedEntry,
  type RevocationPointers,
  type OcspStatus,
  type RevocationCheck,
  type CrlFacts,
} from './pki/revocation.ts';
export { credentialSigner, signPdfWith, type Signer } from './pki/signer.ts';
export { openPkcs11, Pkcs11KeyStore, type Pkcs11Config, type KeyAttributes } from './pki/pkcs11.ts';
export {
  addArchiveTimestamp,
  addValidationData,
  collectValidationData,
  type RevocationSource,
  type LtvOptions,
} from './pki/ltv.ts';
export { addDocumentTimestamp, documentTimestampsOf, type DocTimestampReport } from './pki/doc-timestamp.ts';
export { readDss, addDss, vriKey, type Dss, type DssItem, type ValidationData } from './pki/dss.ts';
export { PADES_LEVELS, levelAtLeast, lowestLevel, type PadesLevel } from './pki/levels.ts';
export { REQUIRED_LEVEL } from './pki/verify.ts';
