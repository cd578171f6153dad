import { asc, desc, eq, inArray } from 'drizzle-orm';
import { isNearDeadline, isOverdue, provisionalYearsBetween, workingDaysBetween, type WorkCalendar } from '@netsign/domain';
import type { AppContext } from '../../platform/app-context';
import { notaryCases, buyerApplications, caseDocuments } from './tables';
import { documentsFor } from './read-documents';
import { photosRequired } from '@netsign/api';
import { buyerIdType, missingSteps } from './submit-application';
import type { ApplicationRow, CaseRow } from './case-access';
import { auditLog } from '../audit/tables';

/** What a buyer sees of their application: never another buyer's data, never descriptors. */
export async function buyerApplicationView(ctx: AppContext, app: ApplicationRow) {
  const [c] = await ctx.db.select().from(notaryCases).where(eq(notaryCases.id, app.caseId));
  const s = app.steps as Record<string, any>;
  const snap = c.snapshot as any;
  const docs = await documentsFor(ctx.db, app);
  return {
    id: app.id, caseId: app.caseId, businessNo: c.businessNo, status: app.status, route: app.route, buyerName: app.buyerName,
    unit: `${snap.parties.unit.projectName} ${snap.parties.unit.building} ${snap.parties.unit.number}`,
    seller: snap.parties.seller.name, reason: app.reason, supplement: app.supplement,
    consent: s.consent ?? null, firstVerified: Boolean(s.first), secondVerified: Boolean(s.second?.passed),
    documents: docs.map((d) => ({ id: d.id, kind: d.kind, title: d.title, version: d.version, pages: d.pages, sha256: d.fileSha256, seen: s.reads?.[d.id]?.seen ?? [], completed: Boolean(s.reads?.[d.id]?.completedAt) })),
    agreedAt: s.agreed?.at ?? null,
    photos: Object.fromEntries(Object.entries(s.photos ?? {}).map(([k, p]: [string, any]) => [k, { at: p.at, accepted: p.accepted, score: p.match?.score }])),
    video: s.video ? { durationMs: s.video.durationMs, uploadedAt: s.video.uploadedAt } : null,
    videoText: s.videoText && !s.video ? s.videoText : null,
    // the photos this buyer's document has (a passport: no back), as the submit check counts them
    photosRequired: photosRequired(app.route as 'face' | 'document_video', buyerIdType(c, app)),
    missing: ['已阅读', '待补正'].includes(app.status) ? missingSteps(app, buyerIdType(c, app)) : [],
    certificateNumber: app.status === '已通过' ? c.certificateNumber : null,
    submittedAt: app.submittedAt, updatedAt: app.updatedAt,
  };
}

/**
 * The notary's inbox row: buyers' progress, time since receipt, the 15-working-day deadline, and
 * whether that deadline was counted with an estimated year (no State Council notice loaded yet).
 */
export function inboxRow(c: CaseRow, apps: ApplicationRow[], now: Date, calendar: WorkCalendar) {
  const snap = c.snapshot as any;
  const open = !['已通过', '已驳回'].includes(c.status);
  const provisional = open ? provisionalYearsBetween(c.receivedAt, new Date(c.deadline.getTime() - 1), calendar) : [];
  return {
    id: c.id, businessNo: c.businessNo, status: c.status, receivedAt: c.receivedAt, deadline: c.deadline,
    deadlineProvisional: provisional.length > 0, deadlineProvisionalYears: provisional,
    workingDaysElapsed: workingDaysBetween(c.receivedAt, open ? now : c.decidedAt ?? now, calendar),
    nearDeadline: open && isNearDeadline(now, c.deadline, 3, calendar),
    overdue: open && isOverdue(now, c.deadline),
    unit: `${snap.parties.unit.projectName} ${snap.parties.unit.building} ${snap.parties.unit.number}`,
    seller: snap.parties.seller.name,
    buyers: apps.map((a) => ({ name: a.buyerName, status: a.status, route: a.route })),
    certificateNumber: c.certificateNumber,
  };
}

export async function applicationsByCase(ctx: AppContext, caseIds: string[]) {
  if (!caseIds.length) return new Map<string, ApplicationRow[]>();
  const rows = await ctx.db.select().from(buyerApplications).where(inArray(buyerApplications.caseId, caseIds)).orderBy(asc(buyerApplications.buyerIndex));
  const m = new Map<string, ApplicationRow[]>();
  for (const r of rows) m.set(r.caseId, [...(m.get(r.caseId) ?? []), r]);
  return m;
}

/** The case page: contract, documents, every buyer's evidence side by side, and the audit timeline. */
export async function caseDetail(ctx: AppContext, c: CaseRow) {
  const apps = (await applicationsByCase(ctx, [c.id])).get(c.id) ?? [];
  const docs = await ctx.db.select().from(caseDocuments).where(eq(caseDocuments.caseId, c.id));
  const ids = [c.id, ...apps.map((a) => a.id)];
  const timeline = await ctx.db.select({ seq: auditLog.seq, at: auditLog.at, actor: auditLog.actor, action: auditLog.action, entity: auditLog.entity, entityId: auditLog.entityId, data: auditLog.data })
    .from(auditLog).where(inArray(auditLog.entityId, ids)).orderBy(desc(auditLog.seq)).limit(500);
  return {
    ...inboxRow(c, apps, ctx.clock.now(), await ctx.calendar.current(ctx.db)),
    snapshot: c.snapshot, reason: c.reason, decidedAt: c.decidedAt, certificateSha256: c.certificateSha256,
    documents: docs,
    applications: apps.map((a) => {
      const { reference, captures, challenge, ...evidence } = a.steps as Record<string, any>;
      return { id: a.id, buyerIndex: a.buyerIndex, buyerName: a.buyerName, route: a.route, status: a.status, reason: a.reason, supplement: a.supplement, submittedAt: a.submittedAt, evidence, referenceSource: reference?.source ?? null };
    }),
    timeline,
  };
}

export const byReceived = desc(notaryCases.receivedAt);
