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
export { createRootCa, issueOrganisationCertificate, exportPkcs12, importPkcs12, type Credential, type OrganisationKind, type OrganisationSubject } from './pki/keys.ts';
export { encryptPrivateKey, decryptPrivateKey } from './pki/key-store.ts';
export { signPdf, preparePdf, embedCms, type SignOptions, type PreparedPdf } from './pki/sign.ts';
export { createTimestampAuthority, createTimestampRequest, parseTimestampResponse, readTstInfo, timestamper, localTimestamper, httpTimestamper, DEFAULT_TSA_POLICY, type TimestampAuthority, type TimestampFn, type TstInfo } from './pki/tsa.ts';
export { verifyPdf, type VerifyReport, type VerifyOptions, type SignatureReport, type SigningTime, type RecordFacts, type RecordCheck } from './pki/verify.ts';
export { KIND_LABEL, RULE, MARKER, encodeReference, type DocumentKind, type DocumentFacts, type Finding } from './pki/policy.ts';
export { POLICY, EKU, NETSIGN_ARC, SIGNING_CONTEXT_OID, ROLE_LABEL, type Role, type SigningContext, type CertificateProfile } from './pki/profile.ts';
export { createCertificationRequest, checkCertificationRequest, issueEventCertificate, toBeSigned, completeExternalSignature, ecdsaRawToDer, SigningError, type EventCertificateSubject, type CheckedRequest } from './pki/event-certificate.ts';
