// verifyPdf: every signature in a PDF — who signed (and in which role, read from the
// certificate), when (and on whose word), what it covers, whether the signed bytes are intact,
// whether the certificate chains to a trusted root and may sign documents — then the policy for
// the document's kind (who must sign, DocMDP honoured) and, when a record is known, whether the
// file is the one on record. One code path for `netsign verify`, /verify and the API.
import { createHash } from 'node:crypto';
import type * as pkijs from 'pkijs';
import { checkChain, checkSignedData, checkTimestampToken, nameText, parsePemCertificates } from './cms-check.ts';
import { changesAfterCertification } from './docmdp.ts';
import { applyPolicy, finding, KIND_LABEL, readDocumentFacts, RULE, type DocumentFacts, type DocumentKind, type Finding } from './policy.ts';
import { ROLE_LABEL, type Role, type SigningContext } from './profile.ts';

export type SigningTime =
  | { source: 'timestamp'; time: string; authority: string; trusted: boolean; problem?: string }
  | { source: 'claimed'; time: string | null; note: string };

export interface SignatureReport {
  index: number; // 1-based, in file order
  signer: { commonName: string; subject: string; serialNumber: string; issuer: string; organisationId?: string; idHash?: string } | null;
  role: Role;
  roleLabel: { zh: string; en: string };
  identityVerification?: 'face' | 'document-video';
  context?: SigningContext;
  type: 'certification' | 'approval';
  docMdp?: number;
  reason?: string;
  location?: string;
  subFilter?: string;
  digestAlgorithm?: string;
  signatureAlgorithm?: string;
  signingTime: SigningTime;
  byteRange: [number, number, number, number];
  revision: number; // which revision of the file this signature closes (1 = first)
  coversWholeFile: boolean; // false for earlier signatures once later revisions were appended
  coverage: { zh: string; en: string };
  intact: boolean; // digest of the byte range matches and the CMS signature verifies
  trusted: boolean; // chains to a trusted root, valid at the signing time
  fitForDocuments: boolean; // key usage / extended key usage allow signing documents
  chain: string[];
  problems: string[];
}

export interface RecordFacts { onRecord: boolean; kind?: string; title?: string; reference?: string; signedBy?: string | null; issuedAt?: string | Date }
export type RecordCheck = { checked: false; note: { zh: string; en: string } } | ({ checked: true; error?: string } & Partial<RecordFacts>);

export interface VerifyReport {
  sha256: string;
  size: number;
  kind: DocumentKind | 'unknown';
  kindLabel: { zh: string; en: string };
  facts: DocumentFacts;
  rule?: { zh: string; en: string };
  signatures: SignatureReport[];
  revisions: number;
  modifiedAfterLastSignature: boolean; // bytes appended that no signature covers
  record: RecordCheck;
  /** every signature intact, trusted, fit for documents, time-stamps valid, nothing appended — the policy aside */
  signaturesValid: boolean;
  valid: boolean; // signatures intact, trusted, fit; policy met; DocMDP honoured; on record when checked
  verdict: { zh: string; en: string };
  problems: Finding[];
}

export interface VerifyOptions {
  trustedRoots: string[]; // PEM certificates (bundles allowed)
  now?: Date;
  /** the platform's record by SHA-256, or 'offline' (then the report says it was not checked) */
  record?: ((sha256: string) => Promise<RecordFacts | { error: string }>) | 'offline';
}

interface Found { at: number; dict: string; br?: [number, number, number, number] }

function findSignatures(pdf: Buffer): Found[] {
  const out: Found[] = [];
  const marker = Buffer.from('/ByteRange');
  for (let at = pdf.indexOf(marker); at >= 0; at = pdf.indexOf(marker, at + marker.length)) {
    const m = /^\/ByteRange\s*\[\s*(\d+)\s+(\d+)\s+(\d+)\s+(\d+)\s*\]/.exec(pdf.subarray(at, at + 120).toString('latin1'));
    out.push({ at, dict: dictAround(pdf, at), br: m ? (m.slice(1).map(Number) as [number, number, number, number]) : undefined });
  }
  return out;
}

export async function verifyPdf(pdf: Buffer, o: VerifyOptions): Promise<VerifyReport> {
  const roots = parsePemCertificates(o.trustedRoots);
  const now = o.now ?? new Date();
  const sha256 = createHash('sha256').update(pdf).digest('hex');
  const found = findSignatures(pdf);
  const ends = [...new Set(found.map((f) => (f.br ? f.br[2] + f.br[3] : -1)).filter((e) => e > 0))].sort((a, b) => a - b);
  const signatures: SignatureReport[] = [];
  for (const f of found) signatures.push(await checkOne(pdf, f, signatures.length + 1, roots, now, ends));

  const problems: Finding[] = [];
  const firstEnd = found[0]?.br ? found[0].br[2] + found[0].br[3] : 0;
  let facts = readDocumentFacts(pdf.subarray(0, firstEnd));
  if (!signatures.length) problems.push(finding('UNSIGNED', '文件没有数字签名', 'the document carries no digital signature'));
  const modifiedAfterLastSignature = signatures.length > 0 && !signatures.some((s) => s.coversWholeFile);
  if (modifiedAfterLastSignature) problems.push(finding('APPENDED_AFTER_SIGNING', '最后一个签名之后文件被追加了内容', 'content was appended after the last signature'));
  for (const s of signatures) {
    if (!s.intact) problems.push(finding('SIGNATURE_BROKEN', `签名 #${s.index} 所签内容已被改动或签名无效`, `signature #${s.index}: the signed bytes were changed or the signature does not verify`));
    if (!s.trusted) problems.push(finding('UNTRUSTED', `签名 #${s.index} 的证书不可信`, `signature #${s.index}: the certificate is not trusted`));
    if (!s.fitForDocuments) problems.push(finding('KEY_NOT_FOR_DOCUMENTS', `签名 #${s.index} 的证书不能用于签署文件（${s.problems.find((p) => p.startsWith('certificate not fit')) ?? ''}）`, `signature #${s.index}: the certificate may not sign documents`));
    if (s.signingTime.source === 'timestamp' && !s.signingTime.trusted) problems.push(finding('TIMESTAMP_INVALID', `签名 #${s.index} 的时间戳无效：${s.signingTime.problem ?? ''}`, `signature #${s.index}: the time-stamp is not valid: ${s.signingTime.problem ?? ''}`));
  }
  // DocMDP: a certification signature limits every later revision
  signatures.forEach((s, i) => {
    if (s.type !== 'certification') return;
    if (i > 0) problems.push(finding('CERTIFICATION_NOT_FIRST', `签名 #${s.index} 是认证签名，但不是文件的第一个签名`, `signature #${s.index} is a certification but not the first signature`));
    const end = s.byteRange[2] + s.byteRange[3];
    if (end >= pdf.length) return;
    let changes: { object: number; what: string }[];
    try { changes = changesAfterCertification(pdf, end, s.docMdp ?? 2); } catch (e) { changes = [{ object: 0, what: `the later revisions cannot be read (${(e as Error).message})` }]; }
    for (const c of changes) problems.push(finding('CHANGED_AFTER_CERTIFICATION', `认证签名 #${s.index}（DocMDP ${s.docMdp}）之后文件被修改：对象 ${c.object}，${c.what}`, `changed after certification #${s.index} (DocMDP ${s.docMdp}): object ${c.object}, ${c.what}`));
  });

  // the platform record: by hash; its kind stands in when the file carries no marker
  let record: RecordCheck = { checked: false, note: { zh: '未核对平台存档（离线核验）', en: 'not checked against the platform record (offline)' } };
  if (o.record && o.record !== 'offline') {
    const r = await o.record(sha256);
    record = 'error' in r ? { checked: true, error: r.error } : { checked: true, ...r };
    if ('error' in r) problems.push(finding('RECORD_UNREACHABLE', `无法核对平台存档：${r.error}`, `the platform record could not be checked: ${r.error}`));
    else if (!r.onRecord) problems.push(finding('NOT_ON_RECORD', '平台没有该文件的存档（与平台签发的文件不一致）', 'the platform has no record of this file (it is not a file the platform issued)'));
    else if (r.kind && facts.kind !== 'unknown' && r.kind !== facts.kind) problems.push(finding('KIND_MISMATCH', '文件自述的类型与平台存档不一致', 'the kind the document states differs from the record'));
    else if (r.kind && facts.kind === 'unknown' && r.kind in RULE) facts = { ...facts, kind: r.kind as DocumentKind };
  }

  const signaturesValid = signatures.length > 0 && !modifiedAfterLastSignature &&
    signatures.every((s) => s.intact && s.trusted && s.fitForDocuments && (s.signingTime.source === 'claimed' || s.signingTime.trusted));
  problems.push(...applyPolicy(facts, signatures.map((s) => ({ index: s.index, role: s.role, docMdp: s.docMdp, context: s.context }))));
  const valid = problems.length === 0;
  const kind = facts.kind;
  return {
    sha256, size: pdf.length, kind, kindLabel: KIND_LABEL[kind], facts, rule: kind === 'unknown' ? undefined : RULE[kind],
    signatures, revisions: Math.max(ends.length, 1) + (modifiedAfterLastSignature ? 1 : 0), modifiedAfterLastSignature, record, signaturesValid, valid,
    verdict: valid
      ? { zh: `有效：${KIND_LABEL[kind].zh}的签名完整、可信，签署人符合要求${record.checked ? '，且与平台存档一致' : ''}`, en: `VALID: the ${KIND_LABEL[kind].en}'s signatures are intact, trusted and by the required signers${record.checked ? ', and it is the file on record' : ''}` }
      : { zh: `无效：${problems[0].zh}`, en: `NOT VALID: ${problems[0].en}` },
    problems,
  };
}

async function checkOne(pdf: Buffer, f: Found, index: number, roots: pkijs.Certificate[], now: Date, ends: number[]): Promise<SignatureReport> {
  const problems: string[] = [];
  const dict = f.dict;
  const docMdp = /\/TransformMethod\s*\/DocMDP/.test(dict) ? Number(/\/P\s+(\d)/.exec(dict.slice(dict.indexOf('/TransformParams')))?.[1] ?? 2) : undefined;
  const base = {
    index, reason: textValue(dict, 'Reason'), location: textValue(dict, 'Location'), subFilter: /\/SubFilter\s*\/([^\s/>]+)/.exec(dict)?.[1],
    type: docMdp ? ('certification' as const) : ('approval' as const), docMdp,
  };
  const claimed = pdfDate(/\/M\s*\(([^)]*)\)/.exec(dict)?.[1]);
  const claimedTime: SigningTime = { source: 'claimed', time: claimed?.toISOString() ?? null, note: 'no trusted time-stamp: this is the time the signer claims, not a proven one' };
  const br = f.br ?? [0, 0, 0, 0];
  const end = br[2] + br[3];
  const revision = ends.indexOf(end) + 1;
  const coversWholeFile = end === pdf.length;
  const coverage = coversWholeFile
    ? { zh: `覆盖整个文件（第 ${revision} 版，除签名值外 ${end} 字节）`, en: `covers the whole file (revision ${revision}, ${end} bytes but the signature value)` }
    : { zh: `覆盖文件的前 ${end} 字节（第 ${revision} 版），其后还有内容`, en: `covers the first ${end} bytes (revision ${revision}); later revisions follow` };
  const fail = (p: string): SignatureReport => ({
    ...base, signer: null, role: 'unknown', roleLabel: ROLE_LABEL.unknown, signingTime: claimedTime, byteRange: br, revision, coversWholeFile: false, coverage,
    intact: false, trusted: false, fitForDocuments: false, chain: [], problems: [...problems, p],
  });
  if (!f.br) return fail('unreadable /ByteRange');
  const [a, b, c, d] = br;
  // the only gap allowed is exactly the /Contents hex string
  if (a !== 0 || c <= b || end > pdf.length || pdf[b] !== 0x3c || pdf[c - 1] !== 0x3e) return fail('the byte range does not cover the file except the signature value');
  const hex = pdf.subarray(b + 1, c - 1).toString('latin1');
  if (!/^[0-9a-fA-F]*$/.test(hex)) return fail('the signature value is not a hex string');
  let cms;
  try {
    cms = await checkSignedData(derPrefix(Buffer.from(hex, 'hex')), [pdf.subarray(a, a + b), pdf.subarray(c, c + d)]);
  } catch (e) {
    return fail(`unreadable CMS: ${(e as Error).message}`);
  }
  problems.push(...cms.problems);
  const intact = cms.digestOk && cms.signatureOk;

  let signingTime: SigningTime = claimedTime;
  if (cms.timestampToken) signingTime = { source: 'timestamp', ...(await checkTimestampToken(cms.timestampToken, cms.signatureValue, roots, now)) };
  const refTime = signingTime.source === 'timestamp' && signingTime.trusted ? new Date(signingTime.time) : now;
  const chain = cms.signer ? await checkChain(cms.signer, cms.certs, roots, refTime) : { trusted: false, chain: [], problem: 'no signer certificate' };
  if (chain.problem) problems.push(chain.problem);
  const p = cms.profile;
  const fitForDocuments = !!p?.documentSigning.ok;
  if (p && !p.documentSigning.ok) problems.push(`certificate not fit for signing documents: ${p.documentSigning.problem}`);
  const s = cms.signer;
  const role = p?.role ?? 'unknown';
  return {
    ...base,
    signer: s && p ? {
      commonName: p.commonName, subject: nameText(s.subject), serialNumber: Buffer.from(s.serialNumber.valueBlock.valueHexView).toString('hex'), issuer: nameText(s.issuer),
      organisationId: p.organisationId, idHash: p.idHash,
    } : null,
    role, roleLabel: ROLE_LABEL[role], identityVerification: p?.identityVerification, context: p?.context,
    digestAlgorithm: cms.digestAlgorithm, signatureAlgorithm: cms.signatureAlgorithm,
    signingTime, byteRange: br, revision, coversWholeFile, coverage, intact, trusted: chain.trusted, fitForDocuments, chain: chain.chain, problems,
  };
}

/** The DER element at the start of the zero-padded /Contents value. */
function derPrefix(b: Buffer): Buffer {
  if (b[0] !== 0x30) throw new Error('not a DER SEQUENCE');
  let len = b[1], header = 2;
  if (len & 0x80) {
    const n = len & 0x7f;
    if (n === 0 || n > 4) throw new Error('bad DER length');
    len = 0;
    for (let i = 0; i < n; i++) len = len * 256 + b[2 + i];
    header += n;
  }
  if (header + len > b.length) throw new Error('DER length runs past the value');
  return b.subarray(0, header + len);
}

/** The text of the object that holds the signature dictionary (bounded, for regex lookups). */
function dictAround(pdf: Buffer, at: number): string {
  const start = Math.max(0, pdf.lastIndexOf(' obj', at));
  let stop = pdf.indexOf('endobj', at);
  if (stop < 0 || stop - at > 200_000) stop = Math.min(pdf.length, at + 4096);
  // leave the (long) Contents hex out of the text we search
  const s = pdf.subarray(start, stop).toString('latin1');
  return s.replace(/\/Contents\s*<[0-9a-fA-F]*>/, '/Contents <>');
}

/** A PDF text string value: (literal) or <hex>, UTF-16BE with BOM or PDFDocEncoding. */
function textValue(dict: string, key: string): string | undefined {
  const m = new RegExp(`/${key}\\s*(\\((?:\\\\.|[^\\\\)])*\\)|<[0-9a-fA-F\\s]*>)`).exec(dict);
  if (!m) return undefined;
  let bytes: Buffer;
  if (m[1].startsWith('<')) bytes = Buffer.from(m[1].slice(1, -1).replace(/\s/g, ''), 'hex');
  else {
    const lit = m[1].slice(1, -1).replace(/\\([nrtbf()\\]|[0-7]{1,3})/g, (_, e: string) => {
      const map: Record<string, string> = { n: '\n', r: '\r', t: '\t', b: '\b', f: '\f' };
      if (/^[0-7]/.test(e)) return String.fromCharCode(parseInt(e, 8));
      return map[e] ?? e;
    });
    bytes = Buffer.from(lit, 'latin1');
  }
  if (bytes[0] === 0xfe && bytes[1] === 0xff) return Buffer.from(bytes.subarray(2)).swap16().toString('utf16le');
  return bytes.toString('latin1');
}

/** D:YYYYMMDDHHmmSS+08'00' → Date */
function pdfDate(s: string | undefined): Date | undefined {
  const m = /^D:(\d{4})(\d{2})?(\d{2})?(\d{2})?(\d{2})?(\d{2})?([Zz+-])?(\d{2})?'?(\d{2})?/.exec(s ?? '');
  if (!m) return undefined;
  const [, y, mo = '01', d = '01', h = '00', mi = '00', se = '00', z, oh = '00', om = '00'] = m;
  const utc = Date.UTC(+y, +mo - 1, +d, +h, +mi, +se);
  const off = (+oh * 60 + +om) * 60_000 * (z === '-' ? -1 : z === '+' ? 1 : 0);
  return new Date(utc - off);
}
