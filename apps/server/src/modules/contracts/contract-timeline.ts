import { and, asc, eq, inArray } from 'drizzle-orm';
import { aggregateOf } from '@netsign/domain/audit/chain';
import { CONTRACT_TIMELINE_ACTIONS, timelineTitle, type TContractTimeline } from '@netsign/api';
import type { Executor } from '../../platform/app-context';
import { auditLog } from '../audit/tables';

const text = (v: unknown) => (typeof v === 'string' ? v : null);

/**
 * A contract's steps (创建 … 受理, 审核, 备案) as its own audit chain recorded them, oldest first:
 * the record an auditor can verify, not a second copy. The caller decides who may read it.
 */
export async function contractTimeline(db: Executor, contractId: string): Promise<TContractTimeline> {
  const rows = await db
    .select({ at: auditLog.at, action: auditLog.action, data: auditLog.data })
    .from(auditLog)
    .where(
      and(
        eq(auditLog.aggregate, aggregateOf('contract', contractId)),
        inArray(auditLog.action, CONTRACT_TIMELINE_ACTIONS),
      ),
    )
    .orderBy(asc(auditLog.aggSeq));
  return {
    items: rows.map(({ at, action, data }) => {
      const d = data as Record<string, unknown>;
      const review = d.review === '通过' || d.review === '退回' ? d.review : null;
      return {
        at,
        action,
        title: timelineTitle(action, d),
        review,
        reason: text(d.reason),
        certificateNumber: text(d.certificateNumber),
        filingNumber: text(d.filingNumber),
      };
    }),
  };
}
