import { eq } from 'drizzle-orm';
import { arrivedEarly, canApply, contractMachine, CONTRACT_FOLLOWS, type ContractStatus } from '@netsign/domain';
import type { AppContext } from '../../platform/app-context';
import { contracts } from './tables';
import { orgChannel } from '../notifications/live-hub';
import { loadContract, transition } from './contract-access';
import type { TCaseReceived, TCaseRejected, TCertificateIssued, TFilingDecided } from '../events';

const system = { kind: 'system' } as const;

// Handlers of what the 公证 side and the 备案 desk send back. Each is idempotent: a redelivered
// message finds the contract already moved and does nothing.

export async function onCaseReceived(ctx: AppContext, e: TCaseReceived) {
  const [row] = await ctx.db
    .update(contracts)
    .set({ notaryCaseId: e.caseId, qrLink: e.qrLink, qrExpiresAt: new Date(e.qrExpiresAt) })
    .where(eq(contracts.id, e.contractId))
    .returning({ sellerOrgId: contracts.sellerOrgId, status: contracts.status });
  // the seller's open contract page shows 查看二维码 as soon as the office answers
  if (row)
    await ctx.live.publish(orgChannel(row.sellerOrgId), {
      entity: 'contract',
      id: e.contractId,
      status: row.status,
      title: '公证处已返回二维码',
    });
}

export async function onCaseRejected(ctx: AppContext, e: TCaseRejected) {
  await ctx.db.transaction(async (tx) => {
    const row = await loadContract(tx, e.contractId);
    if (!canApply(contractMachine, row.status, 'notaryReturned') || row.notaryCaseId !== e.caseId) return;
    await transition(ctx, tx, system, row, 'notaryReturned', { returnReason: e.reason }, { reason: e.reason });
  });
}

export async function onCertificateIssued(ctx: AppContext, e: TCertificateIssued) {
  await ctx.db.transaction(async (tx) => {
    const row = await loadContract(tx, e.contractId);
    if (!canApply(contractMachine, row.status, 'certificateIssued')) return;
    await transition(
      ctx,
      tx,
      system,
      row,
      'certificateIssued',
      { certificateNumber: e.certificateNumber, certificateFile: e.sha256 },
      { certificateNumber: e.certificateNumber },
    );
  });
}

/**
 * The contract follows its filing: 受理, 审核 (its result), 备案 or 退回, each recorded in the
 * contract's own chain (its timeline). A message that finds the step done is a redelivery; one that
 * finds the contract a step behind came before the previous step's message, and is retried after it.
 */
export async function onFilingDecided(ctx: AppContext, e: TFilingDecided) {
  await ctx.db.transaction(async (tx) => {
    const row = await loadContract(tx, e.contractId);
    const command = CONTRACT_FOLLOWS[e.outcome];
    const status = row.status as ContractStatus;
    if (!canApply(contractMachine, status, command)) {
      if (arrivedEarly(status, command))
        throw new Error(
          `filing ${e.filingId}: ${e.outcome} reached contract ${row.id} at 「${status}」 before the step before it; retried`,
        );
      return;
    }
    const review = e.review ? { review: e.review } : {};
    if (e.outcome === 'filed')
      await transition(
        ctx,
        tx,
        system,
        row,
        command,
        { filingNumber: e.filingNumber, filingRecordFile: e.recordSha256 },
        { filingNumber: e.filingNumber },
      );
    else if (e.outcome === 'returned')
      await transition(ctx, tx, system, row, command, { returnReason: e.reason }, { reason: e.reason, ...review });
    else await transition(ctx, tx, system, row, command, {}, review);
  });
}
