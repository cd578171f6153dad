import { eq } from 'drizzle-orm';
import type { AppContext } from '../../platform/app-context';
import { contracts } from './tables';
import { orgChannel } from '../notifications/live-hub';
import { loadContract, transition } from './contract-access';
import type { TCaseReceived, TCaseRejected, TCertificateIssued, TFilingDecided } from '../events';

const system = { kind: 'system' } as const;

// Handlers of what the 公证 side and the 备案 desk send back. Each is idempotent: a redelivered
// message finds the contract already moved and does nothing.

export async function onCaseReceived(ctx: AppContext, e: TCaseReceived) {
  const [row] = await ctx.db.update(contracts).set({ notaryCaseId: e.caseId, qrLink: e.qrLink, qrExpiresAt: new Date(e.qrExpiresAt) })
    .where(eq(contracts.id, e.contractId)).returning({ sellerOrgId: contracts.sellerOrgId, status: contracts.status });
  // the seller's open contract page shows 查看二维码 as soon as the office answers
  if (row) await ctx.live.publish(orgChannel(row.sellerOrgId), { entity: 'contract', id: e.contractId, status: row.status, title: '公证处已返回二维码' });
}

export async function onCaseRejected(ctx: AppContext, e: TCaseRejected) {
  await ctx.db.transaction(async (tx) => {
    const row = await loadContract(tx, e.contractId);
    if (row.status !== '公证中' || row.notaryCaseId !== e.caseId) return;
    await transition(ctx, tx, system, row, 'notaryReturned', { returnReason: e.reason }, { reason: e.reason });
  });
}

export async function onCertificateIssued(ctx: AppContext, e: TCertificateIssued) {
  await ctx.db.transaction(async (tx) => {
    const row = await loadContract(tx, e.contractId);
    if (row.status !== '公证中') return;
    await transition(ctx, tx, system, row, 'certificateIssued', { certificateNumber: e.certificateNumber, certificateFile: e.sha256 }, { certificateNumber: e.certificateNumber });
  });
}

export async function onFilingDecided(ctx: AppContext, e: TFilingDecided) {
  await ctx.db.transaction(async (tx) => {
    const row = await loadContract(tx, e.contractId);
    if (e.outcome === 'accepted' && row.status === '备案申请中') await transition(ctx, tx, system, row, 'filingAccepted');
    if (e.outcome === 'filed' && row.status === '已受理') {
      await transition(ctx, tx, system, row, 'filed', { filingNumber: e.filingNumber, filingRecordFile: e.recordSha256 }, { filingNumber: e.filingNumber });
    }
    if (e.outcome === 'returned' && (row.status === '备案申请中' || row.status === '已受理')) {
      await transition(ctx, tx, system, row, 'filingReturned', { returnReason: e.reason }, { reason: e.reason });
    }
  });
}
