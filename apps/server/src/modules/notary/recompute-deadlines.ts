import { and, eq, gte, lte, notInArray } from 'drizzle-orm';
import { endOfShanghaiDay, notaryDeadline, type WorkCalendar } from '@netsign/domain';
import type { Tx } from '../../platform/app-context';
import { appendAudit } from '../audit/append-audit';
import { notaryCases } from './tables';

/**
 * A year's 节假日安排 was loaded: open cases whose 15 working days may touch that year get their
 * deadline counted again, each change on the case's audit timeline. Called inside the load's
 * transaction, so the calendar and the deadlines change together.
 */
export async function recomputeDeadlines(tx: Tx, calendar: WorkCalendar, year: number, actor: string, at: Date) {
  const open = await tx
    .select({
      id: notaryCases.id,
      officeId: notaryCases.officeId,
      receivedAt: notaryCases.receivedAt,
      deadline: notaryCases.deadline,
    })
    .from(notaryCases)
    .where(
      and(
        notInArray(notaryCases.status, ['已通过', '已驳回']),
        // a notice may reach into the neighbouring months (元旦 from late December)
        gte(notaryCases.deadline, endOfShanghaiDay(`${year - 1}-11-30`)),
        lte(notaryCases.receivedAt, endOfShanghaiDay(`${year + 1}-01-31`)),
      ),
    );
  const changed: { caseId: string; from: string; to: string }[] = [];
  for (const c of open) {
    const next = notaryDeadline(c.receivedAt, calendar).endsAt;
    if (next.getTime() === c.deadline.getTime()) continue;
    await tx.update(notaryCases).set({ deadline: next }).where(eq(notaryCases.id, c.id));
    changed.push({ caseId: c.id, from: c.deadline.toISOString(), to: next.toISOString() });
    await appendAudit(
      tx,
      {
        actor,
        orgId: c.officeId,
        action: 'case.deadline-recomputed',
        entity: 'case',
        entityId: c.id,
        data: { calendarYear: year, from: c.deadline.toISOString(), to: next.toISOString() },
      },
      at,
    );
  }
  return changed;
}
