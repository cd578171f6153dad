import { asc, desc, eq, inArray } from 'drizzle-orm';
import {
  allowedCommands,
  caseMachine,
  isNearDeadline,
  isOverdue,
  provisionalYearsBetween,
  workingDaysBetween,
  type WorkCalendar,
} from '@netsign/domain';
import type { AppContext } from '../../platform/app-context';
import { notaryCases, buyerApplications, caseDocuments, caseArchives } from './tables';
import { documentsFor } from './read-documents';
import { photosRequired, unitLabel } from '@netsign/api';
import { buyerIdType, missingSteps } from './submit-application';
import type { ApplicationRow, CaseRow } from './case-access';
import { auditLog } from '../audit/tables';
import { loadedApplication, loadedCase } from './stored-evidence';

/** What a buyer sees of their application: never another buyer's data, never descriptors. */
export async function buyerApplicationView(ctx: AppContext, app: ApplicationRow) {
  const c = loadedCase((await ctx.db.select().from(notaryCases).where(eq(notaryCases.id, app.caseId)))[0]!);
  const s = app.steps;
  const snap = c.snapshot;
  const docs = await documentsFor(ctx.db, app);
  return {
    id: app.id,
    caseId: app.caseId,
    businessNo: c.businessNo,
    status: app.status,
    route: app.route,
    buyerName: app.buyerName,
    unit: unitLabel(snap.parties.unit),
    seller: snap.parties.seller.name,
    reason: app.reason,
    supplement: app.supplement,
    consent: s.consent ?? null,
    firstVerified: Boolean(s.first),
    secondVerified: Boolean(s.second?.passed),
    documents: docs.map((d) => ({
      id: d.id,
      kind: d.kind,
      title: d.title,
      version: d.version,
      pages: d.pages,
      sha256: d.fileSha256,
      seen: s.reads?.[d.id]?.seen ?? [],
      completed: Boolean(s.reads?.[d.id]?.completedAt),
    })),
    agreedAt: s.agreed?.at ?? null,
    photos: Object.fromEntries(
      Object.entries(s.photos ?? {}).flatMap(([k, p]) =>
        p ? [[k, { at: p.at, accepted: p.accepted, score: p.match?.score }]] : [],
      ),
    ),
    video: s.video ? { durationMs: s.video.durationMs, uploadedAt: s.video.uploadedAt } : null,
    videoText: s.videoText && !s.video ? s.videoText : null,
    // the photos this buyer's document has (a passport: no back), as the submit check counts them
    photosRequired: photosRequired(app.route, buyerIdType(c, app)),
    missing: ['已阅读', '待补正'].includes(app.status) ? missingSteps(app, buyerIdType(c, app)) : [],
    certificateNumber: app.status === '已通过' ? c.certificateNumber : null,
    submittedAt: app.submittedAt,
    updatedAt: app.updatedAt,
  };
}

/**
 * The notary's inbox row: buyers' progress, time since receipt, the 15-working-day deadline, and
 * whether that deadline was counted with an estimated year (no State Council notice loaded yet).
 */
export function inboxRow(c: CaseRow, apps: ApplicationRow[], now: Date, calendar: WorkCalendar) {
  const snap = c.snapshot;
  const open = !['已通过', '已驳回'].includes(c.status);
  const provisional = open ? provisionalYearsBetween(c.receivedAt, new Date(c.deadline.getTime() - 1), calendar) : [];
  return {
    id: c.id,
    businessNo: c.businessNo,
    status: c.status,
    receivedAt: c.receivedAt,
    deadline: c.deadline,
    deadlineProvisional: provisional.length > 0,
    deadlineProvisionalYears: provisional,
    workingDaysElapsed: workingDaysBetween(c.receivedAt, open ? now : (c.decidedAt ?? now), calendar),
    nearDeadline: open && isNearDeadline(now, c.deadline, 3, calendar),
    overdue: open && isOverdue(now, c.deadline),
    unit: unitLabel(snap.parties.unit),
    seller: snap.parties.seller.name,
    buyers: apps.map((a) => ({ name: a.buyerName, status: a.status, route: a.route })),
    certificateNumber: c.certificateNumber,
  };
}

export async function applicationsByCase(ctx: AppContext, caseIds: string[]) {
  if (!caseIds.length) return new Map<string, ApplicationRow[]>();
  const rows = await ctx.db
    .select()
    .from(buyerApplications)
    .where(inArray(buyerApplications.caseId, caseIds))
    .orderBy(asc(buyerApplications.buyerIndex));
  const m = new Map<string, ApplicationRow[]>();
  for (const r of rows) m.set(r.caseId, [...(m.get(r.caseId) ?? []), loadedApplication(r)]);
  return m;
}

/** The case page: contract, documents, every buyer's evidence side by side, and the audit timeline. */
export async function caseDetail(ctx: AppContext, c: CaseRow) {
  const apps = (await applicationsByCase(ctx, [c.id])).get(c.id) ?? [];
  const docs = await ctx.db.select().from(caseDocuments).where(eq(caseDocuments.caseId, c.id));
  const ids = [c.id, ...apps.map((a) => a.id)];
  const timeline = await ctx.db
    .select({
      seq: auditLog.seq,
      at: auditLog.at,
      actor: auditLog.actor,
      action: auditLog.action,
      entity: auditLog.entity,
      entityId: auditLog.entityId,
      data: auditLog.data,
    })
    .from(auditLog)
    .where(inArray(auditLog.entityId, ids))
    .orderBy(desc(auditLog.seq))
    .limit(500);
  const [archive] = await ctx.db
    .select({ size: caseArchives.size, files: caseArchives.files, madeAt: caseArchives.madeAt })
    .from(caseArchives)
    .where(eq(caseArchives.caseId, c.id));
  return {
    ...inboxRow(c, apps, ctx.clock.now(), await ctx.calendar.current(ctx.db)),
    snapshot: c.snapshot,
    reason: c.reason,
    decidedAt: c.decidedAt,
    certificateSha256: c.certificateSha256,
    /** 公证卷宗, once the job has made it after the decision */
    archive: archive ?? null,
    documents: docs.map((d) => ({
      id: d.id,
      applicationId: d.applicationId,
      kind: d.kind,
      title: d.title,
      version: d.version,
      fileSha256: d.fileSha256,
      pages: d.pages,
      createdAt: d.createdAt,
    })),
    applications: apps.map((a) => {
      // the working state (face reference, capture tokens, open challenge) is not evidence
      const { reference, captures: _captures, challenge: _challenge, ...evidence } = a.steps;
      // the document number's blind index is a look-up key, not evidence (the 公证卷宗 leaves it out too)
      const first =
        evidence.first?.method === 'document' ? { ...evidence.first, numberIndex: undefined } : evidence.first;
      return {
        id: a.id,
        buyerIndex: a.buyerIndex,
        buyerName: a.buyerName,
        route: a.route,
        status: a.status,
        reason: a.reason,
        supplement: a.supplement,
        submittedAt: a.submittedAt,
        evidence: { ...evidence, first },
        referenceSource: reference?.source ?? null,
      };
    }),
    timeline: timeline.map((e) => ({ ...e, data: e.data as Record<string, unknown> })),
    allowed: allowedCommands(caseMachine, c.status),
  };
}

/** The case as 审核通过, 驳回 and 需补正 answer it. */
export const caseDecisionView = (c: CaseRow) => ({
  id: c.id,
  businessNo: c.businessNo,
  status: c.status,
  certificateNumber: c.certificateNumber,
  reason: c.reason,
  decidedAt: c.decidedAt,
});

export const byReceived = desc(notaryCases.receivedAt);
