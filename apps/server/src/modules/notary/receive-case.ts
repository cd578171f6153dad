import { randomUUID } from 'node:crypto';
import { and, eq, sql } from 'drizzle-orm';
import { unitLabel } from '@netsign/api';
import { notaryDeadline, type ApplicationStatus, type CaseStatus } from '@netsign/domain';
import type { AppContext } from '../../platform/app-context';
import { newToken, sha256Hex } from '../../platform/crypto';
import { notaryCases, buyerApplications, caseDocuments } from './tables';
import { CASE_RECEIVED, type TCaseReceived, type TContractPushed } from '../events';
import { appendAudit } from '../audit/append-audit';
import { announce } from '../notifications/events';
import { generateCaseDocuments } from '../documents/generate-case-documents';
import { dataKeysOf, openPersonal, sealPersonal } from '../../platform/personal-data';

/** Mainland buyers verify by face (manual 4.1); everyone else by document and evidence video (4.2). */
export const routeOf = (region: string) => (region === 'mainland' ? 'face' : 'document_video');

/**
 * A pushed contract arrives at the notary office: a case, one application per buyer, the documents
 * each buyer will read, and the QR link. A redelivered push of the same e-contract does nothing.
 */
export async function receiveCase(ctx: AppContext, message: TContractPushed) {
  // the message carries the ID numbers sealed; the documents print them
  const e = openPersonal(message);
  // a contract pushed again after 驳回 has several cases: compare with every one, not just the first found
  const samePush = and(
    eq(notaryCases.contractId, e.contractId),
    eq(notaryCases.businessNo, e.businessNo),
    sql`${notaryCases.snapshot}->'econtract'->>'sha256' = ${e.econtract.sha256}`,
  );
  const [existing] = await ctx.db.select({ id: notaryCases.id }).from(notaryCases).where(samePush);
  if (existing) return;
  const now = ctx.clock.now();
  const caseId = randomUUID();
  const token = newToken();
  const qrExpiresAt = new Date(now.getTime() + ctx.config.QR_TTL_MINUTES * 60_000);
  const applications = e.terms.buyers.map((b, i) => ({ id: randomUUID(), buyerIndex: i, buyer: b }));
  const docs = await generateCaseDocuments(ctx, { caseId, receivedAt: now, pushed: e, applications });
  const qrLink = `${ctx.config.publicUrl}/m/case/${token}`;
  await ctx.db.transaction(async (tx) => {
    // two deliveries of one push at once: the second waits here, then finds the first's case
    await tx.execute(sql`select pg_advisory_xact_lock(hashtext(${e.contractId}))`);
    const [again] = await tx.select({ id: notaryCases.id }).from(notaryCases).where(samePush);
    if (again) return;
    // 公证法 art. 30: 15 working days; a calendar that does not know a year refuses (the push is retried)
    const calendar = await ctx.calendar.forDeadline(tx);
    await tx.insert(notaryCases).values({
      id: caseId,
      officeId: e.officeId,
      contractId: e.contractId,
      businessNo: e.businessNo,
      sellerOrgId: e.sellerOrgId,
      snapshot: sealPersonal(dataKeysOf(ctx), e),
      status: '待签署' satisfies CaseStatus,
      qrTokenHash: sha256Hex(token),
      qrExpiresAt,
      receivedAt: now,
      deadline: notaryDeadline(now, calendar).endsAt,
    });
    for (const a of applications) {
      await tx.insert(buyerApplications).values({
        id: a.id,
        caseId,
        buyerIndex: a.buyerIndex,
        buyerName: a.buyer.name,
        buyerPhone: a.buyer.phone,
        route: routeOf(a.buyer.region),
        status: '待核验' satisfies ApplicationStatus,
        steps: {},
      });
    }
    for (const d of docs) await tx.insert(caseDocuments).values({ id: randomUUID(), caseId, ...d });
    const received: TCaseReceived = {
      contractId: e.contractId,
      caseId,
      qrLink,
      qrExpiresAt: qrExpiresAt.toISOString(),
    };
    await ctx.bus.emit(tx, CASE_RECEIVED, received);
    await announce(ctx.bus, tx, {
      entity: 'case',
      id: caseId,
      status: '待签署',
      orgIds: [e.officeId],
      phones: e.terms.buyers.map((b) => b.phone),
      sms: true,
      title: `收到合同 ${e.businessNo} 的公证申请`,
      body: `${unitLabel(e.parties.unit)}，请买受人扫码在线签约`,
      link: `/console/notary/cases/${caseId}`,
    });
    await appendAudit(
      tx,
      {
        actor: 'system',
        orgId: e.officeId,
        action: 'case.received',
        entity: 'case',
        entityId: caseId,
        data: {
          contractId: e.contractId,
          businessNo: e.businessNo,
          documents: docs.map((d) => ({ kind: d.kind, sha256: d.fileSha256 })),
        },
      },
      now,
    );
  });
}
