import { and, eq } from 'drizzle-orm';
import {
  DomainError,
  apply,
  applicationMachine,
  caseMachine,
  type ApplicationCommand,
  type ApplicationStatus,
  type CaseCommand,
  type CaseStatus,
} from '@netsign/domain';
import type { Actor, AppContext, Executor } from '../../platform/app-context';
import { actorId } from '../../platform/app-context';
import { notaryCases, buyerApplications } from './tables';
import { notFound } from '../../http/errors';
import { appendAudit } from '../audit/append-audit';
import type { StaffActor, BuyerActor } from '../../http/auth';
import { loadedApplication, loadedCase } from './stored-evidence';

export type CaseRow = typeof notaryCases.$inferSelect;
export type ApplicationRow = typeof buyerApplications.$inferSelect;

/** A case of the notary's own office; another office's is "not found". */
export async function loadOfficeCase(tx: Executor, actor: StaffActor, id: string, lock = true): Promise<CaseRow> {
  const q = tx
    .select()
    .from(notaryCases)
    .where(and(eq(notaryCases.id, id), eq(notaryCases.officeId, actor.orgId)));
  const [row] = lock ? await q.for('update') : await q;
  if (!row || actor.orgKind !== 'notary') throw notFound('公证案件');
  return loadedCase(row);
}

/** The buyer's own application: the one they claimed with the phone the contract names. */
export async function loadOwnApplication(
  tx: Executor,
  actor: BuyerActor,
  id: string,
  lock = true,
): Promise<ApplicationRow> {
  const q = tx
    .select()
    .from(buyerApplications)
    .where(and(eq(buyerApplications.id, id), eq(buyerApplications.buyerPhone, actor.phone)));
  const [row] = lock ? await q.for('update') : await q;
  if (!row) throw notFound('公证申请');
  return loadedApplication(row);
}

export async function loadCase(tx: Executor, id: string, lock = true): Promise<CaseRow> {
  const q = tx.select().from(notaryCases).where(eq(notaryCases.id, id));
  const [row] = lock ? await q.for('update') : await q;
  if (!row) throw notFound('公证案件');
  return loadedCase(row);
}

export async function transitionCase(
  ctx: AppContext,
  tx: Executor,
  actor: Actor,
  row: CaseRow,
  command: CaseCommand,
  patch: Partial<CaseRow> = {},
  data: Record<string, unknown> = {},
) {
  const to = apply(caseMachine, row.status as CaseStatus, command);
  const [next] = await tx
    .update(notaryCases)
    .set({ ...patch, status: to, version: row.version + 1 })
    .where(eq(notaryCases.id, row.id))
    .returning();
  await appendAudit(
    tx,
    {
      actor: actorId(actor),
      orgId: row.officeId,
      action: `case.${command}`,
      entity: 'case',
      entityId: row.id,
      data: { from: row.status, to, ...data },
    },
    ctx.clock.now(),
  );
  return loadedCase(next);
}

/** Moves an application and merges `steps` (each step's evidence) in one write, with its audit entry. */
export async function updateApplication(
  ctx: AppContext,
  tx: Executor,
  actor: Actor,
  row: ApplicationRow,
  change: {
    command?: ApplicationCommand;
    /** steps replaced whole, the others kept */
    steps?: Partial<ApplicationRow['steps']>;
    patch?: Partial<ApplicationRow>;
    action: string;
    data?: Record<string, unknown>;
  },
) {
  const to = change.command ? apply(applicationMachine, row.status as ApplicationStatus, change.command) : row.status;
  const steps = { ...row.steps, ...change.steps };
  const [next] = await tx
    .update(buyerApplications)
    .set({ ...change.patch, status: to, steps, version: row.version + 1, updatedAt: ctx.clock.now() })
    .where(eq(buyerApplications.id, row.id))
    .returning();
  await appendAudit(
    tx,
    {
      actor: actorId(actor),
      action: change.action,
      entity: 'application',
      entityId: row.id,
      data: { caseId: row.caseId, from: row.status, to, ...change.data },
    },
    ctx.clock.now(),
  );
  return loadedApplication(next);
}

export function requireStatus(row: ApplicationRow, ...allowed: ApplicationStatus[]) {
  if (!allowed.includes(row.status as ApplicationStatus)) {
    throw new DomainError(
      'ILLEGAL_STATE',
      `公证申请当前状态为「${row.status}」，不能进行此步骤（需处于：${allowed.join('、')}）`,
      409,
    );
  }
}
