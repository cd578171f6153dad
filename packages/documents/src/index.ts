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
