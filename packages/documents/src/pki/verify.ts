// verifyPdf: every signature in a PDF — who signed (and in which role, read from the
// certificate), when (and on whose word), what it covers, whether the signed bytes are intact,
// whether the certificate chains to a trusted root and may sign documents — then the policy for
// the document's kind (who must sign, DocMDP honoured) and, when a record is known, whether the
// file is the one on record. One code path for `netsign verify`, /verify and the API.
import { createHash } from 'node:crypto';
import type * as pkijs from 'pkijs';
import { checkChain, checkSignedData, checkTimestampToken, nameText, parsePemCertificates } from './cms-check.ts';
import { changesAfterCertification } from './docmdp.ts';
import {
  applyPolicy,
  finding,
  KIND_LABEL,
  readDocumentFacts,
  RULE,
  type DocumentFacts,
  type DocumentKind,
  type Finding,
} from './policy.ts';
import { ROLE_LABEL, type Role, type SigningContext } from './profile.ts';
import { checkRevocation, type RevocationCheck } from './revocation.ts';
import { contentsBytes, derPrefix, findSignatureDicts, rangeEnd, type FoundSignature } from './sig-dicts.ts';
import { checkDocumentTimestamp, type DocTimestampMaterial, type DocTimestampReport } from './doc-timestamp.ts';
import { readDss, type Dss } from './dss.ts';
import {
  judgeLongTerm,
  levelAtLeast,
  lowestLevel,
  type PadesLevel,
  type SignatureMaterial,
  type Text,
} from './levels.ts';
import { PdfFile } from './pdf-reader.ts';

export type SigningTime =
  | { source: 'timestamp'; time: string; authority: string; trusted: boolean; problem?: string }
  | { source: 'claimed'; time: string | null; note: string };

export interface SignatureReport {
  index: number; // 1-based, in file order
  signer: {
    commonName: string;
    subject: string;
    serialNumber: string;
    issuer: string;
    organisationId?: string;
    idHash?: string;
  } | null;
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
  /** the signer certificate's revocation status from the CRLs given and those in the DSS (issue 13 item 1) */
  revocation: RevocationCheck;
  /** the PAdES baseline level it reaches at the time judged, and why (issue 13 item 2) */
  level: PadesLevel | null;
  levelReasons: Text[];
  problems: string[];
}

export interface RecordFacts {
  onRecord: boolean;
  kind?: string;
  title?: string;
  reference?: string;
  signedBy?: string | null;
  issuedAt?: string | Date;
}
export type RecordCheck =
  | { checked: false; note: { zh: string; en: string } }
  | ({ checked: true; error?: string } & Partial<RecordFacts>);

export interface VerifyReport {
  sha256: string;
  size: number;
  kind: DocumentKind | 'unknown';
  kindLabel: { zh: string; en: string };
  facts: DocumentFacts;
  rule?: { zh: string; en: string };
  signatures: SignatureReport[];
  /** PAdES document time-stamps (/DocTimeStamp), in file order: they are not signatures of anyone */
  documentTimestamps: DocTimestampReport[];
  /** what the DSS holds (null: the file has none) */
  dss: { certs: number; crls: number; ocsps: number; vri: number } | null;
  /** the levels reached at `at`; `required` is what the kind needs when judged with --at */
  levels: { at: string; embeddedOnly: boolean; required?: PadesLevel; lowest: PadesLevel | null };
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
  /** CRLs (DER) to judge revocation by, besides those in the DSS; a signer whose issuer has none is reported not checked */
  crls?: Uint8Array[];
  /**
   * Judge as of this time with the evidence in the file only (`crls` is ignored): every signature
   * must still prove itself — time-stamps, the DSS's certificates, CRLs and OCSP responses, the
   * document time-stamps that secure them — and reach the level its kind requires (B-LTA for a
   * document the platform issued). Failures are named findings (levels.ts).
   */
  at?: Date;
}

/** The level a kind needs when judged for the long term (--at): every document the platform issues is kept as B-LTA. */
export const REQUIRED_LEVEL: Record<DocumentKind, PadesLevel> = {
  econtract: 'B-LTA',
  application_form: 'B-LTA',
  notice: 'B-LTA',
  intake_record: 'B-LTA',
  certificate: 'B-LTA',
  filing_record: 'B-LTA',
};

export async function verifyPdf(pdf: Buffer, o: VerifyOptions): Promise<VerifyReport> {
  const roots = parsePemCertificates(o.trustedRoots);
  const now = o.at ?? o.now ?? new Date();
  const sha256 = createHash('sha256').update(pdf).digest('hex');
  const everything = findSignatureDicts(pdf);
  const found = everything.filter((f) => f.kind === 'signature');
  const stampsFound = everything.filter((f) => f.kind === 'doc-timestamp');
  const ends = [...new Set(everything.map((f) => (f.br ? rangeEnd(f.br) : -1)).filter((e) => e > 0))].sort(
    (a, b) => a - b,
  );
  const problems: Finding[] = [];
  let dss: Dss = { certs: [], crls: [], ocsps: [], vri: new Map() };
  let hasDss = false;
  try {
    dss = readDss(pdf);
    hasDss = dss.certs.length + dss.crls.length + dss.ocsps.length + dss.vri.size > 0;
  } catch (e) {
    problems.push(
      finding(
        'DSS_UNREADABLE',
        `文件的验证数据（DSS）无法读取：${(e as Error).message}`,
        `the file's validation data (DSS) cannot be read: ${(e as Error).message}`,
      ),
    );
  }
  const crls = [...(o.at ? [] : (o.crls ?? [])), ...dss.crls.map((i) => i.der)];
  const signatures: SignatureReport[] = [];
  const material: SignatureMaterial[] = [];
  for (const f of found) {
    const [r, m] = await checkOne(pdf, f, signatures.length + 1, roots, now, ends, crls);
    signatures.push(r);
    material.push(m);
  }
  const documentTimestamps: DocTimestampReport[] = [];
  const stampMaterial: (DocTimestampMaterial & { index: number })[] = [];
  for (const f of stampsFound) {
    const [r, m] = await checkDocumentTimestamp(pdf, f, documentTimestamps.length + 1, roots, now);
    documentTimestamps.push(r);
    stampMaterial.push({ ...m, index: r.index });
    if (!r.trusted)
      problems.push(
        finding(
          'DOC_TIMESTAMP_INVALID',
          `文件时间戳 #${r.index} 无效：${r.problem ?? ''}`,
          `document time-stamp #${r.index} is not valid: ${r.problem ?? ''}`,
        ),
      );
  }

  const firstEnd = found[0]?.br ? rangeEnd(found[0].br) : 0;
  let facts = readDocumentFacts(pdf.subarray(0, firstEnd));
  if (!signatures.length)
    problems.push(finding('UNSIGNED', '文件没有数字签名', 'the document carries no digital signature'));
  const appended = signatures.length ? changedAfterLastSignature(pdf, found, everything) : [];
  const modifiedAfterLastSignature = appended.length > 0;
  if (modifiedAfterLastSignature)
    problems.push(
      finding(
        'APPENDED_AFTER_SIGNING',
        `最后一个签名之后文件被追加了内容（${appended.join('；')}）`,
        `content was appended after the last signature (${appended.join('; ')})`,
      ),
    );
  for (const s of signatures) {
    if (!s.intact)
      problems.push(
        finding(
          'SIGNATURE_BROKEN',
          `签名 #${s.index} 所签内容已被改动或签名无效`,
          `signature #${s.index}: the signed bytes were changed or the signature does not verify`,
        ),
      );
    if (!s.trusted)
      problems.push(
        finding('UNTRUSTED', `签名 #${s.index} 的证书不可信`, `signature #${s.index}: the certificate is not trusted`),
      );
    if (!s.fitForDocuments)
      problems.push(
        finding(
          'KEY_NOT_FOR_DOCUMENTS',
          `签名 #${s.index} 的证书不能用于签署文件（${s.problems.find((p) => p.startsWith('certificate not fit')) ?? ''}）`,
          `signature #${s.index}: the certificate may not sign documents`,
        ),
      );
    if (s.revocation.status === 'revoked' && s.revocation.before) problems.push(revokedFinding(s.index, s.revocation));
    if (s.signingTime.source === 'timestamp' && !s.signingTime.trusted)
      problems.push(
        finding(
          'TIMESTAMP_INVALID',
          `签名 #${s.index} 的时间戳无效：${s.signingTime.problem ?? ''}`,
          `signature #${s.index}: the time-stamp is not valid: ${s.signingTime.problem ?? ''}`,
        ),
      );
  }
  // DocMDP: a certification signature limits every later revision
  signatures.forEach((s, i) => {
    if (s.type !== 'certification') return;
    if (i > 0)
      problems.push(
        finding(
          'CERTIFICATION_NOT_FIRST',
          `签名 #${s.index} 是认证签名，但不是文件的第一个签名`,
          `signature #${s.index} is a certification but not the first signature`,
        ),
      );
    const end = s.byteRange[2] + s.byteRange[3];
    if (end >= pdf.length) return;
    let changes: { object: number; what: string }[];
    try {
      changes = changesAfterCertification(pdf, end, s.docMdp ?? 2);
    } catch (e) {
      changes = [{ object: 0, what: `the later revisions cannot be read (${(e as Error).message})` }];
    }
    for (const c of changes)
      problems.push(
        finding(
          'CHANGED_AFTER_CERTIFICATION',
          `认证签名 #${s.index}（DocMDP ${s.docMdp}）之后文件被修改：对象 ${c.object}，${c.what}`,
          `changed after certification #${s.index} (DocMDP ${s.docMdp}): object ${c.object}, ${c.what}`,
        ),
      );
  });

  // the platform record: by hash; its kind stands in when the file carries no marker
  let record: RecordCheck = {
    checked: false,
    note: { zh: '未核对平台存档（离线核验）', en: 'not checked against the platform record (offline)' },
  };
  if (o.record && o.record !== 'offline') {
    const r = await o.record(sha256);
    record = 'error' in r ? { checked: true, error: r.error } : { checked: true, ...r };
    if ('error' in r)
      problems.push(
        finding(
          'RECORD_UNREACHABLE',
          `无法核对平台存档：${r.error}`,
          `the platform record could not be checked: ${r.error}`,
        ),
      );
    else if (!r.onRecord)
      problems.push(
        finding(
          'NOT_ON_RECORD',
          '平台没有该文件的存档（与平台签发的文件不一致）',
          'the platform has no record of this file (it is not a file the platform issued)',
        ),
      );
    else if (r.kind && facts.kind !== 'unknown' && r.kind !== facts.kind)
      problems.push(
        finding(
          'KIND_MISMATCH',
          '文件自述的类型与平台存档不一致',
          'the kind the document states differs from the record',
        ),
      );
    else if (r.kind && facts.kind === 'unknown' && r.kind in RULE) facts = { ...facts, kind: r.kind as DocumentKind };
  }

  const signaturesValid =
    signatures.length > 0 &&
    !modifiedAfterLastSignature &&
    signatures.every(
      (s) =>
        s.intact &&
        s.trusted &&
        s.fitForDocuments &&
        !(s.revocation.status === 'revoked' && s.revocation.before) &&
        (s.signingTime.source === 'claimed' || s.signingTime.trusted),
    );
  problems.push(
    ...applyPolicy(
      facts,
      signatures.map((s) => ({ index: s.index, role: s.role, docMdp: s.docMdp, context: s.context })),
    ),
  );

  // PAdES levels at `now`; with `at`, the long-term verdict on the embedded evidence
  const lt = await judgeLongTerm({ sigs: material, stamps: stampMaterial, dss, roots, at: now });
  for (const l of lt.signatures) Object.assign(signatures[l.index - 1], { level: l.level, levelReasons: l.reasons });
  const required = o.at && facts.kind !== 'unknown' ? REQUIRED_LEVEL[facts.kind] : undefined;
  if (o.at) {
    problems.push(...lt.findings.filter((f) => !problems.some((p) => p.code === f.code && p.en === f.en)));
    if (required)
      for (const s of signatures) {
        if (!levelAtLeast(s.level, required))
          problems.push(
            finding(
              'LEVEL_BELOW_REQUIRED',
              `签名 #${s.index} 仅达到 ${s.level ?? '无'} 级，${KIND_LABEL[facts.kind].zh}要求 ${required}：${s.levelReasons.at(-1)?.zh ?? ''}`,
              `signature #${s.index} reaches ${s.level ?? 'no level'}; the ${KIND_LABEL[facts.kind].en} requires ${required}: ${s.levelReasons.at(-1)?.en ?? ''}`,
            ),
          );
      }
  }
  const valid = problems.length === 0;
  const kind = facts.kind;
  return {
    sha256,
    size: pdf.length,
    kind,
    kindLabel: KIND_LABEL[kind],
    facts,
    rule: kind === 'unknown' ? undefined : RULE[kind],
    signatures,
    documentTimestamps,
    dss: hasDss ? { certs: dss.certs.length, crls: dss.crls.length, ocsps: dss.ocsps.length, vri: dss.vri.size } : null,
    levels: {
      at: now.toISOString(),
      embeddedOnly: !!o.at,
      required,
      lowest: lowestLevel(signatures.map((s) => s.level)),
    },
    revisions: Math.max(ends.length, 1) + (modifiedAfterLastSignature && !ends.includes(pdf.length) ? 1 : 0),
    modifiedAfterLastSignature,
    record,
    signaturesValid,
    valid,
    verdict: valid
      ? {
          zh: `有效：${KIND_LABEL[kind].zh}的签名完整、可信，签署人符合要求${record.checked ? '，且与平台存档一致' : ''}`,
          en: `VALID: the ${KIND_LABEL[kind].en}'s signatures are intact, trusted and by the required signers${record.checked ? ', and it is the file on record' : ''}`,
        }
      : { zh: `无效：${problems[0].zh}`, en: `NOT VALID: ${problems[0].en}` },
    problems,
  };
}

/** A signature made (or not proven made) after its certificate was revoked. */
function revokedFinding(index: number, r: Extract<RevocationCheck, { status: 'revoked' }>): Finding {
  return finding(
    'CERTIFICATE_REVOKED',
    `签名 #${index} 的证书已于 ${r.revokedAt} 吊销（${r.reasonLabel}），签名时间不早于吊销时间或无可信时间戳`,
    `signature #${index}: the certificate was revoked at ${r.revokedAt} (${r.reason}) and no trusted time-stamp proves the signature older`,
  );
}

/**
 * After the last signature only what PAdES allows may follow: DSS updates and document
 * time-stamps, each in a complete revision. Names anything else (empty: nothing was changed).
 */
function changedAfterLastSignature(pdf: Buffer, sigs: FoundSignature[], all: FoundSignature[]): string[] {
  const lastSig = Math.max(...sigs.map((f) => (f.br ? rangeEnd(f.br) : 0)));
  if (lastSig >= pdf.length) return [];
  const covered = Math.max(...all.map((f) => (f.br && rangeEnd(f.br) <= pdf.length ? rangeEnd(f.br) : 0)));
  if (covered < pdf.length) {
    // bytes no signature or time-stamp covers: only a whole incremental update is acceptable
    if (!/%%EOF\s*$/.test(pdf.subarray(Math.max(0, pdf.length - 64)).toString('latin1')))
      return ['bytes after the last revision'];
    try {
      if (new PdfFile(pdf).startxref < covered) return ['bytes after the last revision'];
    } catch {
      return ['an unreadable revision'];
    }
  }
  try {
    return changesAfterCertification(pdf, lastSig, 1).map((c) => `object ${c.object}: ${c.what}`);
  } catch (e) {
    return [`the later revisions cannot be read (${(e as Error).message})`];
  }
}

async function checkOne(
  pdf: Buffer,
  f: FoundSignature,
  index: number,
  roots: pkijs.Certificate[],
  now: Date,
  ends: number[],
  crls: Uint8Array[],
): Promise<[SignatureReport, SignatureMaterial]> {
  const problems: string[] = [];
  const dict = f.dict;
  const docMdp = /\/TransformMethod\s*\/DocMDP/.test(dict)
    ? Number(/\/P\s+(\d)/.exec(dict.slice(dict.indexOf('/TransformParams')))?.[1] ?? 2)
    : undefined;
  const base = {
    index,
    reason: textValue(dict, 'Reason'),
    location: textValue(dict, 'Location'),
    subFilter: /\/SubFilter\s*\/([^\s/>]+)/.exec(dict)?.[1],
    type: docMdp ? ('certification' as const) : ('approval' as const),
    docMdp,
  };
  const claimed = pdfDate(/\/M\s*\(([^)]*)\)/.exec(dict)?.[1]);
  const claimedTime: SigningTime = {
    source: 'claimed',
    time: claimed?.toISOString() ?? null,
    note: 'no trusted time-stamp: this is the time the signer claims, not a proven one',
  };
  const br = f.br ?? [0, 0, 0, 0];
  const end = br[2] + br[3];
  const revision = ends.indexOf(end) + 1;
  const coversWholeFile = end === pdf.length;
  const coverage = coversWholeFile
    ? {
        zh: `覆盖整个文件（第 ${revision} 版，除签名值外 ${end} 字节）`,
        en: `covers the whole file (revision ${revision}, ${end} bytes but the signature value)`,
      }
    : {
        zh: `覆盖文件的前 ${end} 字节（第 ${revision} 版），其后还有内容`,
        en: `covers the first ${end} bytes (revision ${revision}); later revisions follow`,
      };
  const fail = (p: string): [SignatureReport, SignatureMaterial] => [
    {
      ...base,
      signer: null,
      role: 'unknown',
      roleLabel: ROLE_LABEL.unknown,
      signingTime: claimedTime,
      byteRange: br,
      revision,
      coversWholeFile: false,
      coverage,
      intact: false,
      trusted: false,
      fitForDocuments: false,
      chain: [],
      revocation: { status: 'not-checked', note: 'signature unreadable' },
      level: null,
      levelReasons: [],
      problems: [...problems, p],
    },
    { index, end, intact: false, certs: [] },
  ];
  if (!f.br) return fail('unreadable /ByteRange');
  const [a, b, c, d] = br;
  // the only gap allowed is exactly the /Contents hex string
  if (a !== 0 || c <= b || end > pdf.length || pdf[b] !== 0x3c || pdf[c - 1] !== 0x3e)
    return fail('the byte range does not cover the file except the signature value');
  const contents = contentsBytes(pdf, br);
  if (!contents) return fail('the signature value is not a hex string');
  let cms: Awaited<ReturnType<typeof checkSignedData>>;
  try {
    cms = await checkSignedData(derPrefix(contents), [pdf.subarray(a, a + b), pdf.subarray(c, c + d)]);
  } catch (e) {
    return fail(`unreadable CMS: ${(e as Error).message}`);
  }
  problems.push(...cms.problems);
  const intact = cms.digestOk && cms.signatureOk;

  let signingTime: SigningTime = claimedTime;
  let stamped: SignatureMaterial['timestamp'];
  if (cms.timestampToken) {
    const t = await checkTimestampToken(cms.timestampToken, cms.signatureValue, roots, now);
    signingTime = { source: 'timestamp', ...t };
    if (t.trusted) {
      const tok = await checkSignedData(cms.timestampToken).catch(() => undefined);
      stamped = { genTime: new Date(t.time), tsa: tok?.signer, certs: tok?.certs ?? [] };
    }
  }
  const refTime = signingTime.source === 'timestamp' && signingTime.trusted ? new Date(signingTime.time) : now;
  const chain = cms.signer
    ? await checkChain(cms.signer, cms.certs, roots, refTime)
    : { trusted: false, chain: [], problem: 'no signer certificate' };
  if (chain.problem) problems.push(chain.problem);
  const p = cms.profile;
  const fitForDocuments = !!p?.documentSigning.ok;
  if (p && !p.documentSigning.ok)
    problems.push(`certificate not fit for signing documents: ${p.documentSigning.problem}`);
  const s = cms.signer;
  const role = p?.role ?? 'unknown';
  const provenTime = signingTime.source === 'timestamp' && signingTime.trusted ? new Date(signingTime.time) : undefined;
  const revocation: RevocationCheck = s
    ? await checkRevocation(s, [...cms.certs, ...roots], crls, provenTime)
    : { status: 'not-checked', note: 'no signer certificate' };
  if (revocation.status === 'revoked')
    problems.push(
      `certificate revoked at ${revocation.revokedAt} (${revocation.reason})${revocation.before ? '' : '; the trusted time-stamp is earlier, so this signature stands'}`,
    );
  return [
    {
      ...base,
      signer:
        s && p
          ? {
              commonName: p.commonName,
              subject: nameText(s.subject),
              serialNumber: Buffer.from(s.serialNumber.valueBlock.valueHexView).toString('hex'),
              issuer: nameText(s.issuer),
              organisationId: p.organisationId,
              idHash: p.idHash,
            }
          : null,
      role,
      roleLabel: ROLE_LABEL[role],
      identityVerification: p?.identityVerification,
      context: p?.context,
      digestAlgorithm: cms.digestAlgorithm,
      signatureAlgorithm: cms.signatureAlgorithm,
      signingTime,
      byteRange: br,
      revision,
      coversWholeFile,
      coverage,
      intact,
      trusted: chain.trusted,
      fitForDocuments,
      chain: chain.chain,
      revocation,
      level: null,
      levelReasons: [],
      problems,
    },
    { index, end, intact, signer: s, certs: cms.certs, timestamp: stamped },
  ];
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
