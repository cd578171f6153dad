import { eq } from 'drizzle-orm';
import {
  apply,
  filingMachine,
  FILING_OUTCOME,
  shanghaiDate,
  type FilingCommand,
  type FilingStatus,
} from '@netsign/domain';
import type { AppContext, Executor } from '../../platform/app-context';
import { actorId } from '../../platform/app-context';
import type { StaffActor } from '../../http/auth';
import { filings } from './tables';
import { FILING_DECIDED, type TFilingDecided } from '../events';
import { appendAudit } from '../audit/append-audit';
import { announce } from '../notifications/events';
import { nextCounter } from '../../platform/counters';
import { notFound } from '../../http/errors';
import { generateFilingRecord } from '../documents/generate-filing-record';
import { getOrganisation } from '../accounts/describe-seller';
import { prepareSigner } from '../documents/keys';
import { openPersonal } from '../../platform/personal-data';

export type FilingRow = typeof filings.$inferSelect;

export async function loadFiling(tx: Executor, actor: StaffActor, id: string, lock = true) {
  const q = tx.select().from(filings).where(eq(filings.id, id));
  const [row] = lock ? await q.for('update') : await q;
  // a filing belongs to the center of the unit's city; any other center gets the 404 a stranger gets
  if (!row || actor.orgKind !== 'center' || row.centerOrgId !== actor.orgId) throw notFound('备案申请');
  return openPersonal(row);
}

/** A step of the filing: the machine, the row, the message to the contract, the announcement and the audit entry, in `tx`. */
export async function move(
  ctx: AppContext,
  tx: Executor,
  actor: StaffActor,
  row: FilingRow,
  command: FilingCommand,
  patch: Partial<FilingRow>,
  details: Omit<TFilingDecided, 'contractId' | 'filingId' | 'outcome'> = {},
) {
  const to = apply(filingMachine, row.status as FilingStatus, command);
  const message = { outcome: FILING_OUTCOME[command], ...details };
  const [next] = await tx
    .update(filings)
    .set({ ...patch, status: to, version: row.version + 1 })
    .where(eq(filings.id, row.id))
    .returning();
  await ctx.bus.emit(tx, FILING_DECIDED, {
    contractId: row.contractId,
    filingId: row.id,
    ...message,
  } satisfies TFilingDecided);
  await announce(ctx.bus, tx, {
    entity: 'filing',
    id: row.id,
    status: to,
    orgIds: [actor.orgId],
    title: `备案申请 ${row.businessNo} ${to}`,
    body: message.reason ?? to,
  });
  await appendAudit(
    tx,
    {
      actor: actorId(actor),
      orgId: actor.orgId,
      action: `filing.${command}`,
      entity: 'filing',
      entityId: row.id,
      data: { from: row.status, to, ...message },
    },
    ctx.clock.now(),
  );
  return openPersonal(next);
}

/** 受理: the application is complete enough to review. */
export async function acceptFiling(ctx: AppContext, actor: StaffActor, id: string) {
  return ctx.db.transaction(async (tx) => {
    const row = await loadFiling(tx, actor, id);
    return move(ctx, tx, actor, row, 'accept', { acceptedBy: actor.userId, acceptedAt: ctx.clock.now() });
  });
}

/** 备案, once 审核 passed: a filing number with no gap, and the signed 备案证明. */
export async function fileContract(ctx: AppContext, actor: StaffActor, id: string) {
  const center = await getOrganisation(ctx.db, actor.orgId);
  await prepareSigner(ctx, center);
  return ctx.db.transaction(async (tx) => {
    const row = await loadFiling(tx, actor, id);
    apply(filingMachine, row.status as FilingStatus, 'file');
    const now = ctx.clock.now();
    const year = shanghaiDate(now).slice(0, 4);
    const filingNumber = `ZSBA${year}${String(await nextCounter(tx, `filing_no:${year}`)).padStart(6, '0')}`;
    const record = await generateFilingRecord(ctx, tx, {
      snapshot: row.snapshot,
      filingNumber,
      center,
      filedAt: now,
    });
    return move(
      ctx,
      tx,
      actor,
      row,
      'file',
      { filingNumber, recordFile: record.sha256, decidedBy: actor.userId, decidedAt: now },
      { filingNumber, recordSha256: record.sha256 },
    );
  });
}

/** 退回 before 受理 or after 审核通过, with a reason the seller sees; nothing uploaded is lost. (After 受理 it is 审核's result.) */
export async function returnFiling(ctx: AppContext, actor: StaffActor, id: string, reason: string) {
  return ctx.db.transaction(async (tx) => {
    const row = await loadFiling(tx, actor, id);
    return move(
      ctx,
      tx,
      actor,
      row,
      'return',
      { reason, decidedBy: actor.userId, decidedAt: ctx.clock.now() },
      { reason },
    );
  });
}
