// What goes into a case's 公证卷宗: every document, material and piece of a buyer's evidence, each
// named by the field that holds it (as case-files.ts names what a notary may open — never a search
// of the JSON), and the records as JSON: the case, the decision, each application with its face
// and photo scores, consent with the text agreed to, reading records, the video's text, and the
// case's audit chains with their proofs. Biometrics follow the consent text: frames, photos, the
// video and the scores are kept; face features (descriptors) never leave the database, and are
// erased there once the case is decided.
import { eq } from 'drizzle-orm';
import { sniffFileType, SNIFF_HEAD_BYTES } from '@netsign/domain';
import type { AsiceFile } from '@netsign/documents/archive/asice';
import type { AppContext } from '../../platform/app-context';
import { PHOTO_KINDS, photoLabel, type TApplicationSteps, type TPhotoKind, type z } from '@netsign/api';
import { buyerApplications, caseDocuments } from './tables';
import type { ApplicationRow, CaseRow } from './case-access';
import { CONSENT_TEXTS } from './record-consent';
import { issuedDocuments } from '../documents/tables';
import { organisations, users } from '../accounts/tables';
import type { ChainEvidence } from '../audit/prove-chains';
import { loadedApplication } from './stored-evidence';
import {
  ARCHIVE_FORMAT,
  recordIssues,
  ZArchivedAuditChains,
  ZArchivedAuditProof,
  ZArchivedCase,
  ZArchivedDecision,
} from './case-archive-records';
const SHA256 = /^[0-9a-f]{64}$/;

type Doc = typeof caseDocuments.$inferSelect;
export interface Office {
  id: string;
  name: string;
  uscc: string | null;
}
/** One stored file of the archive: where it goes (the extension follows its bytes) and what it is. */
export interface PlannedFile {
  base: string;
  sha256: string;
  what: string;
}
export interface PlacedFile extends PlannedFile {
  path: string;
  mimeType: string;
}

const EXT: Record<string, string> = {
  'image/jpeg': 'jpg',
  'image/png': 'png',
  'image/webp': 'webp',
  'video/webm': 'webm',
  'video/mp4': 'mp4',
  'application/pdf': 'pdf',
};
const slug = (s: string) => s.replace(/[^A-Za-z0-9_-]+/g, '-').replace(/^-+|-+$/g, '') || 'file';
const two = (i: number) => String(i + 1).padStart(2, '0');
const DOC_PATH: Record<string, string> = {
  econtract: 'econtract',
  application_form: 'application-form',
  notice: 'notice',
  intake_record: 'intake-record',
};
const DOC_LABEL: Record<string, string> = {
  econtract: '电子合同',
  application_form: '公证申请表',
  notice: '公证告知书',
  intake_record: '收案记录',
};

/**
 * Every stored file of the case, at the place of the field that names it. A document version is
 * written once (the versions a buyer read or signed are often the final one); a photo or frame
 * is written where its role says even when the same bytes serve elsewhere too (records refer to
 * files by SHA-256).
 */
export function planArchiveFiles(
  c: Pick<CaseRow, 'snapshot' | 'certificateFile'>,
  docs: Doc[],
  apps: ApplicationRow[],
): PlannedFile[] {
  const out: PlannedFile[] = [];
  const documents = new Set<string>();
  const add = (sha: unknown, path: string, what: string) => {
    if (typeof sha !== 'string' || !SHA256.test(sha)) return;
    if (path.startsWith('documents/')) {
      if (documents.has(sha)) return;
      documents.add(sha);
    }
    if (out.some((p) => p.base === path)) return;
    out.push({ base: path, sha256: sha, what });
  };
  const snap = c.snapshot;
  const buyerOf = (appId: string | null) => apps.find((a) => a.id === appId);
  const byKind = [...docs].sort(
    (a, b) =>
      Object.keys(DOC_PATH).indexOf(a.kind) - Object.keys(DOC_PATH).indexOf(b.kind) ||
      (buyerOf(a.applicationId)?.buyerIndex ?? -1) - (buyerOf(b.applicationId)?.buyerIndex ?? -1),
  );
  for (const d of byKind) {
    const b = buyerOf(d.applicationId);
    add(
      d.fileSha256,
      b
        ? `documents/buyer-${b.buyerIndex + 1}/${DOC_PATH[d.kind] ?? slug(d.kind)}`
        : `documents/${DOC_PATH[d.kind] ?? slug(d.kind)}`,
      `${d.title}（${b ? `第 ${b.buyerIndex + 1} 位买受人，` : ''}最终版本）`,
    );
  }
  add(c.certificateFile, 'documents/certificate', '公证书');
  add(snap.econtract?.sha256, 'documents/econtract-as-pushed', '电子合同（推送公证处时的版本）');
  (snap.materials ?? []).forEach((m, i) =>
    add(m.sha256, `materials/${slug(m.category)}-${i + 1}`, `收件材料（${m.category}）`),
  );
  for (const a of [...apps].sort((x, y) => x.buyerIndex - y.buyerIndex)) {
    const s = a.steps;
    const n = a.buyerIndex + 1;
    const dir = `buyers/${n}`;
    for (const [docId, r] of Object.entries(s.reads ?? {}))
      add(
        r.sha256,
        `documents/buyer-${n}/as-read/${DOC_PATH[r.kind] ?? slug(docId)}`,
        `${DOC_LABEL[r.kind] ?? '文件'}（第 ${n} 位买受人阅读的版本）`,
      );
    for (const [docId, r] of Object.entries(s.signing?.signed ?? {}))
      add(
        r.sha256,
        `documents/buyer-${n}/as-signed/${DOC_PATH[r.kind] ?? slug(docId)}`,
        `${DOC_LABEL[r.kind] ?? '文件'}（第 ${n} 位买受人签署后的版本）`,
      );
    if (s.first?.method === 'document')
      add(s.first.photoPage, `${dir}/identity-document/photo-page`, '身份证明文件照片页');
    for (const stage of ['first', 'second'] as const) {
      const check = s[stage];
      // a live face check's frames; the document checks name photos, listed below
      const frames = !check || check.method === 'document' || check.method === 'document-video' ? [] : check.frameFiles;
      frames.forEach((f, i) =>
        add(f, `${dir}/face/${stage}/frame-${two(i)}`, `${stage === 'first' ? '首次' : '再次'}人脸识别画面 ${i + 1}`),
      );
    }
    const idType = snap.terms.buyers[a.buyerIndex]?.idType;
    for (const [kind, p] of Object.entries(s.photos ?? {}))
      add(
        p?.sha256,
        `${dir}/photos/${slug(kind)}`,
        (PHOTO_KINDS as readonly string[]).includes(kind) ? photoLabel(kind as TPhotoKind, idType) : '照片',
      );
    add(s.video?.sha256, `${dir}/video/evidence-video`, '佐证视频');
    const results = s.video?.frames?.results ?? s.videoFrames?.results ?? [];
    results.forEach((r, i) => add(r.sha256, `${dir}/video/frame-${two(i)}`, `佐证视频录制画面 ${i + 1}`));
  }
  return out;
}

/** Keys that would carry face features: never written into the archive, wherever they sit. */
const BIOMETRIC_KEYS = new Set(['embedding', 'embeddings', 'referenceEmbedding', 'descriptor', 'descriptors']);
function withoutFaceFeatures(v: unknown): unknown {
  if (Array.isArray(v)) return v.map(withoutFaceFeatures);
  if (!v || typeof v !== 'object') return v;
  return Object.fromEntries(
    Object.entries(v)
      .filter(([k]) => !BIOMETRIC_KEYS.has(k))
      .map(([k, x]) => [k, withoutFaceFeatures(x)]),
  );
}

/** An application's evidence as the notary reviewed it, without session state (capture tokens, a pending challenge or signing request) or keys. */
export function applicationEvidence(a: ApplicationRow): ArchivedEvidence {
  const { captures: _c, challenge: _ch, reference, signing, first, ...steps } = a.steps;
  // the document number's blind index is a look-up key, not evidence
  const firstKept = first?.method === 'document' ? (({ numberIndex: _n, ...kept }) => kept)(first) : first;
  return withoutFaceFeatures({
    ...steps,
    ...(firstKept ? { first: firstKept } : {}),
    ...(signing
      ? {
          signing: {
            certificatePem: signing.certificatePem,
            issuedAt: signing.issuedAt,
            validUntil: signing.validUntil,
            signed: signing.signed,
          },
        }
      : {}),
    ...(reference ? { reference: { source: reference.source, at: reference.at, erasedAt: reference.erasedAt } } : {}),
  }) as ArchivedEvidence;
}

/** The steps as archived: no session state, the signing without a pending request, the reference without its descriptor. */
type Steps = TApplicationSteps;
type ArchivedEvidence = Omit<Steps, 'captures' | 'challenge' | 'reference' | 'signing'> & {
  signing?: Omit<NonNullable<Steps['signing']>, 'pending'>;
  reference?: Omit<NonNullable<Steps['reference']>, 'embedding'>;
};

const json = (path: string, value: unknown, what: string) => ({
  path,
  data: Buffer.from(JSON.stringify(value, null, 2) + '\n', 'utf8'),
  mimeType: 'application/json',
  what,
});

/** A record the verifier reads: checked against its schema before it is signed into the archive, written as built. */
function record<S extends z.ZodType>(path: string, schema: S, value: z.input<S>, what: string) {
  const r = schema.safeParse(value);
  if (!r.success) throw new Error(`${path} does not match its schema: ${recordIssues(r.error)}`);
  return json(path, value, what);
}

export interface ArchiveRecordsInput {
  caseRow: CaseRow;
  office: Office;
  applications: ApplicationRow[];
  documents: Doc[];
  caseNumber: string | null;
  decidedBy: { id: string; name: string } | null;
  planned: PlacedFile[];
  chains: ChainEvidence[];
}

/** The JSON records and the README of the archive (files are added by the caller). */
export function archiveRecords(i: ArchiveRecordsInput): (AsiceFile & { what: string })[] {
  const c = i.caseRow;
  const snap = c.snapshot;
  const pathOf = new Map<string, string>();
  for (const p of i.planned) if (!pathOf.has(p.sha256)) pathOf.set(p.sha256, p.path);
  const out: (AsiceFile & { what: string })[] = [];
  const apps = [...i.applications].sort((a, b) => a.buyerIndex - b.buyerIndex);
  const outcome = c.status === '已通过' ? 'approved' : c.status === '已驳回' ? 'rejected' : 'undecided';
  out.push(
    record(
      'case/decision.json',
      ZArchivedDecision,
      {
        outcome,
        status: c.status,
        decidedAt: c.decidedAt?.toISOString() ?? null,
        decidedBy: i.decidedBy,
        certificateNumber: c.certificateNumber,
        certificateSha256: c.certificateSha256,
        certificatePath: c.certificateSha256 ? (pathOf.get(c.certificateSha256) ?? null) : null,
        reason: c.reason,
      },
      '审核结果（出具公证书或驳回）',
    ),
  );
  for (const a of apps) {
    const n = a.buyerIndex + 1;
    const ev = applicationEvidence(a);
    out.push(
      json(
        `buyers/${n}/application.json`,
        {
          id: a.id,
          buyerIndex: a.buyerIndex,
          buyerName: a.buyerName,
          route: a.route,
          status: a.status,
          submittedAt: a.submittedAt?.toISOString() ?? null,
          reason: a.reason,
          supplement: a.supplement,
          evidence: ev,
        },
        `第 ${n} 位买受人的申请与核验记录`,
      ),
    );
    const consent = ev.consent as { textVersion?: string; route?: string } | undefined;
    const text = Object.values(CONSENT_TEXTS).find((t) => t.version === consent?.textVersion) ?? null;
    out.push(
      json(
        `buyers/${n}/consent.json`,
        {
          record: consent ?? null,
          text,
          ...(consent && !text ? { note: `同意书版本 ${consent.textVersion} 的文本不在本平台当前版本中` } : {}),
        },
        `第 ${n} 位买受人的单独同意记录及同意书文本`,
      ),
    );
    out.push(
      json(
        `buyers/${n}/reading.json`,
        {
          reads: Object.values(ev.reads ?? {}).map((r) => ({ ...r, path: pathOf.get(r.sha256) ?? null })),
          agreed: ev.agreed
            ? {
                ...ev.agreed,
                documents: ev.agreed.documents.map((d) => ({ ...d, path: pathOf.get(d.sha256) ?? null })),
              }
            : null,
        },
        `第 ${n} 位买受人的阅读记录与同意继续记录`,
      ),
    );
    for (const stage of ['first', 'second'] as const) {
      const check = ev[stage];
      if (!check || check.method === 'document') continue;
      out.push(
        json(
          `buyers/${n}/face/${stage}/result.json`,
          {
            ...check,
            framePaths: check.method === 'document-video' ? [] : check.frameFiles.map((f) => pathOf.get(f) ?? null),
          },
          `${stage === 'first' ? '首次' : '再次'}人脸识别的判定与分数`,
        ),
      );
    }
    if (ev.video) {
      out.push(
        json(
          `buyers/${n}/video/text.json`,
          {
            text: ev.video.text,
            textIssuedAt: ev.video.textIssuedAt,
            uploadedAt: ev.video.uploadedAt,
            durationMs: ev.video.durationMs,
            videoPath: pathOf.get(ev.video.sha256) ?? null,
            frames: ev.video.frames ?? ev.videoFrames ?? null,
          },
          '佐证视频的朗读文字与画面比对',
        ),
      );
    }
  }
  out.push(
    record(
      'audit/entries.json',
      ZArchivedAuditChains,
      {
        format: 'netsign-audit-chains/1',
        chains: i.chains.map((ch) => ({ aggregate: ch.aggregate, entries: ch.entries })),
      },
      '本案审计记录（每条链自第一条起）',
    ),
  );
  for (const ch of i.chains)
    out.push(
      record(
        `audit/proofs/${proofName(ch.aggregate, apps)}.json`,
        ZArchivedAuditProof,
        ch.proof,
        `审计链 ${ch.aggregate} 的包含证明（netsign audit check-proof 可单独核验）`,
      ),
    );
  const records = [...out];
  const index = [
    ...i.planned.map((p) => ({ path: p.path, sha256: p.sha256, what: p.what })),
    ...records.map((r) => ({ path: r.path, what: r.what })),
  ];
  out.unshift(
    record(
      'case/case.json',
      ZArchivedCase,
      {
        format: ARCHIVE_FORMAT,
        case: {
          id: c.id,
          businessNo: c.businessNo,
          caseNumber: i.caseNumber,
          status: c.status,
          receivedAt: c.receivedAt.toISOString(),
          deadline: c.deadline.toISOString(),
          decidedAt: c.decidedAt?.toISOString() ?? null,
        },
        office: i.office,
        applications: apps.map((a) => ({
          id: a.id,
          buyerIndex: a.buyerIndex,
          buyerName: a.buyerName,
          route: a.route,
          status: a.status,
        })),
        contract: {
          contractId: snap.contractId,
          businessNo: snap.businessNo,
          sellerOrgId: snap.sellerOrgId,
          parties: snap.parties,
          terms: snap.terms,
          econtract: snap.econtract,
          materials: snap.materials,
        },
        contents: index,
      },
      '案件记录与卷宗目录',
    ),
  );
  out.unshift({
    path: 'README.txt',
    data: Buffer.from(readme(c, i.office), 'utf8'),
    mimeType: 'text/plain',
    what: '说明',
  });
  return out;
}

/** audit/proofs/case.json, audit/proofs/buyer-1.json … */
export function proofName(aggregate: string, apps: Pick<ApplicationRow, 'id' | 'buyerIndex'>[]): string {
  const [entity, id] = aggregate.split(':');
  if (entity === 'case') return 'case';
  const a = apps.find((x) => x.id === id);
  return a ? `buyer-${a.buyerIndex + 1}` : slug(aggregate);
}

function readme(c: CaseRow, office: Office): string {
  return [
    `公证卷宗 — ${c.businessNo}（${office.name}）`,
    '',
    '本文件是 ASiC-E 容器（ETSI EN 319 162-1），即普通 ZIP 文件：任何解压工具均可打开。',
    'META-INF/ASiCManifest.xml 列出其余每个文件及其 SHA-256 摘要；META-INF/signature.p7s 是公证处对该清单的',
    'CAdES 签名（含时间戳）。audit/ 中是本案的审计记录及其包含证明（由平台签名、加时间戳的检查点）。',
    '',
    '离线核验：netsign verify-archive 本文件 --trust 平台根证书.pem',
    '核验每个文件的摘要、清单签名与签名人（本案公证处）、时间戳和审计证明；任何被改动、缺少或多出的文件都会被指出。',
    '',
    `Case archive of ${c.businessNo} (${office.name}): an ASiC-E container (a ZIP). Check it offline with`,
    '`netsign verify-archive FILE.asice --trust ROOT.pem`: every file against the signed manifest, the',
    "notary office's CAdES signature and its time-stamp, and the audit chains with their proofs.",
    '',
  ].join('\n');
}

/** Loads what the archive needs besides the case row: office, applications, documents, names, types. */
export async function loadArchiveInputs(ctx: AppContext, c: CaseRow) {
  const apps = (await ctx.db.select().from(buyerApplications).where(eq(buyerApplications.caseId, c.id))).map(
    loadedApplication,
  );
  const docs = await ctx.db.select().from(caseDocuments).where(eq(caseDocuments.caseId, c.id));
  const [org] = await ctx.db
    .select({ id: organisations.id, name: organisations.name, uscc: organisations.uscc })
    .from(organisations)
    .where(eq(organisations.id, c.officeId));
  const [decider] = c.decidedBy
    ? await ctx.db.select({ id: users.id, name: users.displayName }).from(users).where(eq(users.id, c.decidedBy))
    : [];
  const intake = docs.find((d) => d.kind === 'intake_record');
  const [rec] = intake
    ? await ctx.db
        .select({ reference: issuedDocuments.reference })
        .from(issuedDocuments)
        .where(eq(issuedDocuments.sha256, intake.fileSha256))
    : [];
  return {
    applications: apps,
    documents: docs,
    office: org as Office,
    decidedBy: decider ?? null,
    caseNumber: rec?.reference ?? null,
  };
}

/** The file's path with the extension of what its bytes are (typed by bytes, never by a name). */
export function placeFile(p: PlannedFile, bytes: Uint8Array): PlacedFile {
  const mimeType = sniffFileType(bytes.subarray(0, SNIFF_HEAD_BYTES)) ?? 'application/octet-stream';
  return { ...p, mimeType, path: `${p.base}.${EXT[mimeType] ?? 'bin'}` };
}
