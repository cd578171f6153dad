import { and, eq, isNull, or } from 'drizzle-orm';
import { DomainError } from '@netsign/domain';
import { CASE_DOCUMENT_KINDS } from '@netsign/api';
import type { AppContext, Executor } from '../../platform/app-context';
import type { BuyerActor } from '../../http/auth';
import { caseDocuments } from './tables';
import { loadOwnApplication, requireStatus, updateApplication, type ApplicationRow } from './case-access';

/** The four documents this buyer reads: the shared e-contract and the buyer's own three. */
export async function documentsFor(tx: Executor, app: ApplicationRow) {
  const docs = await tx
    .select()
    .from(caseDocuments)
    .where(
      and(
        eq(caseDocuments.caseId, app.caseId),
        or(isNull(caseDocuments.applicationId), eq(caseDocuments.applicationId, app.id)),
      ),
    );
  return CASE_DOCUMENT_KINDS.map((k) => docs.find((d) => d.kind === k)).filter((d) => d !== undefined);
}

type Reads = NonNullable<ApplicationRow['steps']['reads']>;

/** Records which pages of a document the buyer's screen showed; complete when every page was. */
export async function recordPagesRead(ctx: AppContext, actor: BuyerActor, id: string, docId: string, pages: number[]) {
  return ctx.db.transaction(async (tx) => {
    const app = await loadOwnApplication(tx, actor, id);
    requireStatus(app, '已核验', '已阅读', '待补正');
    const doc = (await documentsFor(tx, app)).find((d) => d.id === docId);
    if (!doc) throw new DomainError('NOT_FOUND', '文件不存在', 404);
    const bad = pages.find((p) => p > doc.pages);
    if (bad)
      throw new DomainError('PAGE_OUT_OF_RANGE', `《${doc.title}》共 ${doc.pages} 页，没有第 ${bad} 页`, 400, [
        { field: 'pages', code: 'PAGE_OUT_OF_RANGE', message: `页码超出范围` },
      ]);
    const reads: Reads = { ...app.steps.reads };
    const now = ctx.clock.now().toISOString();
    const prev = reads[docId] ?? {
      kind: doc.kind,
      version: doc.version,
      sha256: doc.fileSha256,
      pages: doc.pages,
      seen: [],
      firstAt: now,
    };
    const seen = [...new Set([...prev.seen, ...pages])].sort((a, b) => a - b);
    reads[docId] = { ...prev, seen, completedAt: prev.completedAt ?? (seen.length === doc.pages ? now : undefined) };
    return updateApplication(ctx, tx, actor, app, {
      steps: { reads },
      action: 'application.document-read',
      data: { kind: doc.kind, version: doc.version, pages },
    });
  });
}

/**
 * 同意继续: only when every page of all four documents has been shown. 公证法 art. 27: which
 * version of each notice the buyer read, its hash and when, are kept with the case.
 */
export async function agreeToDocuments(
  ctx: AppContext,
  actor: BuyerActor,
  id: string,
  agreed: { id: string; version: string }[],
) {
  return ctx.db.transaction(async (tx) => {
    const app = await loadOwnApplication(tx, actor, id);
    requireStatus(app, '已核验');
    const docs = await documentsFor(tx, app);
    const reads: Reads = app.steps.reads ?? {};
    const unread = docs.filter((d) => !reads[d.id]?.completedAt);
    if (unread.length) {
      throw new DomainError(
        'DOCUMENTS_UNREAD',
        `请先阅读完：${unread.map((d) => `《${d.title}》`).join('、')}`,
        409,
        unread.map((d) => ({
          field: `documents.${d.kind}`,
          code: 'DOCUMENT_UNREAD',
          message: `《${d.title}》尚未阅读完全部 ${d.pages} 页`,
        })),
      );
    }
    const stale = agreed.filter((a) => !docs.some((d) => d.id === a.id && d.version === a.version));
    if (stale.length || agreed.length !== docs.length)
      throw new DomainError('DOCUMENT_VERSION_CHANGED', '文件已更新，请重新阅读后再同意', 409);
    const record = docs.map((d) => ({
      id: d.id,
      kind: d.kind,
      title: d.title,
      version: d.version,
      sha256: d.fileSha256,
      readAt: reads[d.id].completedAt,
    }));
    return updateApplication(ctx, tx, actor, app, {
      command: 'documentsAgreed',
      steps: { agreed: { at: ctx.clock.now().toISOString(), documents: record } },
      action: 'application.documents-agreed',
      data: { documents: record.map((r) => ({ kind: r.kind, version: r.version, sha256: r.sha256 })) },
    });
  });
}
