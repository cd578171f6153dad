import { eq } from 'drizzle-orm';
import { apply, filingMachine, shanghaiDate, type FilingCommand, type FilingStatus } from '@netsign/domain';
import type { AppContext, Executor } from '../../platform/app-context';
import { actorId } from '../../platform/app-context';
import type { StaffActor } from '../../http/auth';
import { filings } from './tables';
import { FILING_DECIDED, type TFilingDecided, type TFilingRequested } from '../events';
import { appendAudit } from '../audit/append-audit';
import { announce } from '../notifications/events';
import { nextCounter } from '../../platform/counters';
import { notFound } from '../../http/errors';
import { generateFilingRecord } from '../documents/generate-filing-record';
import { getOrganisation } from '../accounts/describe-seller';
import { prepareSigner } from '../documents/keys';

export type FilingRow = typeof filings.$inferSelect;

export async function loadFiling(tx: Executor, actor: StaffActor, id: string, lock = true) {
  const q = tx.select().from(filings).where(eq(filings.id, id));
  const [row] = lock ? await q.for('update') : await q;
  // a filing belongs to the center of the unit's city; any other center gets the 404 a stranger gets
  if (!row || actor.orgKind !== 'center' || row.centerOrgId !== actor.orgId) throw notFound('备案申请');
  return row;
}

async function move(ctx: AppContext, tx: Executor, actor: StaffActor, row: FilingRow, command: FilingCommand, patch: Partial<FilingRow>, message: Omit<TFilingDecided, 'contractId' | 'filingId'>) {
  const to = apply(filingMachine, row.status as FilingStatus, command);
  const [next] = await tx.update(filings).set({ ...patch, status: to, version: row.version + 1 }).where(eq(filings.id, row.id)).returning();
  await ctx.bus.emit(tx, FILING_DECIDED, { contractId: row.contractId, filingId: row.id, ...message } satisfies TFilingDecided);
  await announce(ctx.bus, tx, { entity: 'filing', id: row.id, status: to, orgIds: [actor.orgId], title: `备案申请 ${row.businessNo} ${to}`, body: message.reason ?? to });
  await appendAudit(tx, { actor: actorId(actor), orgId: actor.orgId, action: `filing.${command}`, entity: 'filing', entityId: row.id, data: { from: row.status, to, ...message } }, ctx.clock.now());
  return next;
}

/** 受理: the application is complete enough to review. */
export async function acceptFiling(ctx: AppContext, actor: StaffActor, id: string) {
  return ctx.db.transaction(async (tx) => {
    const row = await loadFiling(tx, actor, id);
    return move(ctx, tx, actor, row, 'accept', { acceptedBy: actor.userId, acceptedAt: ctx.clock.now() }, { outcome: 'accepted' });
  });
}

/** 审核通过，备案: a filing number with no gap, and the signed 备案证明. */
export async function fileContract(ctx: AppContext, actor: StaffActor, id: string) {
  const center = await getOrganisation(ctx.db, actor.orgId);
  await prepareSigner(ctx, center);
  return ctx.db.transaction(async (tx) => {
    const row = await loadFiling(tx, actor, id);
    apply(filingMachine, row.status as FilingStatus, 'file');
    const now = ctx.clock.now();
    const year = shanghaiDate(now).slice(0, 4);
    const filingNumber = `ZSBA${year}${String(await nextCounter(tx, `filing_no:${year}`)).padStart(6, '0')}`;
    const record = await generateFilingRecord(ctx, tx, { snapshot: row.snapshot as TFilingRequested, filingNumber, center, filedAt: now });
    return move(ctx, tx, actor, row, 'file', { filingNumber, recordFile: record.sha256, decidedBy: actor.userId, decidedAt: now }, { outcome: 'filed', filingNumber, recordSha256: record.sha256 });
  });
}

/** 退回 with a reason the seller sees; nothing uploaded is lost. */
export async function returnFiling(ctx: AppContext, actor: StaffActor, id: string, reason: string) {
  return ctx.db.transaction(async (tx) => {
    const row = await loadFiling(tx, actor, id);
    return move(ctx, tx, actor, row, 'return', { reason, decidedBy: actor.userId, decidedAt: ctx.clock.now() }, { outcome: 'returned', reason });
  });
}
