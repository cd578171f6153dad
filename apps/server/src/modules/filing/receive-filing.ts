import { randomUUID } from 'node:crypto';
import { and, eq, inArray } from 'drizzle-orm';
import { allowedCommands, filingMachine, FILING_STATUSES } from '@netsign/domain';
import type { AppContext } from '../../platform/app-context';
import { filings } from './tables';
import type { TFilingRequested } from '../events';
import { appendAudit } from '../audit/append-audit';
import { announce } from '../notifications/events';
import { centerOfCity } from '../accounts/center-of-city';
import { dataKeysOf, sealPersonal } from '../../platform/personal-data';

/** Statuses in which a filing is still being handled: any its machine can move on from. */
const OPEN = FILING_STATUSES.filter((s) => allowedCommands(filingMachine, s).length > 0);

/** A seller's application reaches the transaction center's 受理 queue; a redelivery adds nothing. */
export async function receiveFiling(ctx: AppContext, e: TFilingRequested) {
  await ctx.db.transaction(async (tx) => {
    const open = await tx
      .select({ id: filings.id })
      .from(filings)
      .where(and(eq(filings.contractId, e.contractId), inArray(filings.status, OPEN)));
    if (open.length) return;
    const id = randomUUID();
    // a message queued before centers were recorded names none: the center of the unit's city
    const centerOrgId = e.centerOrgId ?? (await centerOfCity(tx, e.parties.unit.city)).id;
    await tx.insert(filings).values({
      id,
      contractId: e.contractId,
      businessNo: e.businessNo,
      sellerOrgId: e.sellerOrgId,
      centerOrgId,
      path: e.path,
      status: '待受理',
      snapshot: sealPersonal(dataKeysOf(ctx), e),
      createdAt: ctx.clock.now(),
    });
    await announce(ctx.bus, tx, {
      entity: 'filing',
      id,
      status: '待受理',
      orgIds: [centerOrgId],
      title: `备案申请 ${e.businessNo}`,
      body: `${e.path === 'paper' ? '纸质合同' : '电子公证'}备案申请待受理`,
      link: `/console/filing/${id}`,
    });
    await appendAudit(
      tx,
      {
        actor: 'system',
        action: 'filing.received',
        entity: 'filing',
        entityId: id,
        data: { contractId: e.contractId, path: e.path },
      },
      ctx.clock.now(),
    );
  });
}
