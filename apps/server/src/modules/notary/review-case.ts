import { randomBytes } from 'node:crypto';
import { and, eq } from 'drizzle-orm';
import { DomainError, applicationMachine, canApply, caseMachine, shanghaiDate } from '@netsign/domain';
import type { TSupplement } from '@netsign/api';
import type { AppContext, Executor } from '../../platform/app-context';
import type { StaffActor } from '../../http/auth';
import { buyerApplications } from './tables';
import { loadOfficeCase, transitionCase, updateApplication, type ApplicationRow } from './case-access';
import {
  CASE_DECIDED,
  CASE_REJECTED,
  CERTIFICATE_ISSUED,
  type TCaseDecided,
  type TCaseRejected,
  type TCertificateIssued,
} from '../events';
import { announce } from '../notifications/events';
import { getOrganisation } from '../accounts/describe-seller';
import { generateCertificate } from '../documents/generate-certificate';
import { prepareSigner } from '../documents/keys';
import { stepsOf } from './redo-rules';
import { nextCertificateNumber } from './certificate-number';
import { loadedApplication } from './stored-evidence';

async function applicationsOf(tx: Executor, caseId: string) {
  return (await tx.select().from(buyerApplications).where(eq(buyerApplications.caseId, caseId)).for('update'))
    .map(loadedApplication)
    .sort((a, b) => a.buyerIndex - b.buyerIndex);
}

/** Face descriptors are kept no longer than needed: gone once the case is decided. */
function withoutBiometrics(steps: ApplicationRow['steps'], at: Date) {
  return {
    ...steps,
    reference: steps.reference
      ? { source: steps.reference.source, at: steps.reference.at, erasedAt: at.toISOString() }
      : undefined,
  };
}

/** 审核通过: issues the 公证书 (rendered, sealed, signed) and pushes it back to the contract. */
export async function approveCase(ctx: AppContext, actor: StaffActor, caseId: string) {
  const office = await getOrganisation(ctx.db, actor.orgId);
  await prepareSigner(ctx, office);
  return ctx.db.transaction(async (tx) => {
    const c = await loadOfficeCase(tx, actor, caseId);
    const apps = await applicationsOf(tx, c.id);
    // the case and every buyer's application must be ready for 审核通过 (both machines say so)
    if (
      !canApply(caseMachine, c.status, 'approve') ||
      apps.some((a) => !canApply(applicationMachine, a.status, 'approve'))
    ) {
      throw new DomainError('ILLEGAL_STATE', `公证案件当前状态为「${c.status}」，须全部买受人提交后才能审核通过`, 409);
    }
    const now = ctx.clock.now();
    const number = await nextCertificateNumber(tx, office, Number(shanghaiDate(now).slice(0, 4)));
    const verificationCode = randomBytes(6).toString('hex').toUpperCase();
    const cert = await generateCertificate(ctx, tx, {
      caseRow: c,
      applications: apps,
      office,
      notaryName: actor.name,
      number,
      verificationCode,
      issuedAt: now,
    });
    const next = await transitionCase(
      ctx,
      tx,
      actor,
      c,
      'approve',
      {
        certificateNumber: number,
        certificateFile: cert.sha256,
        certificateSha256: cert.sha256,
        verificationCode,
        decidedBy: actor.userId,
        decidedAt: now,
      },
      { certificateNumber: number, sha256: cert.sha256 },
    );
    for (const a of apps)
      await updateApplication(ctx, tx, actor, a, {
        command: 'approve',
        steps: withoutBiometrics(stepsOf(a), now),
        action: 'application.approved',
      });
    const issued: TCertificateIssued = {
      contractId: c.contractId,
      caseId: c.id,
      certificateNumber: number,
      sha256: cert.sha256,
      issuedAt: now.toISOString(),
    };
    await ctx.bus.emit(tx, CERTIFICATE_ISSUED, issued);
    await ctx.bus.emit(tx, CASE_DECIDED, { caseId: c.id, outcome: 'approved' } satisfies TCaseDecided);
    await announce(ctx.bus, tx, {
      entity: 'case',
      id: c.id,
      status: next.status,
      orgIds: [c.officeId],
      phones: apps.map((a) => a.buyerPhone),
      sms: true,
      title: '公证申请已通过',
      body: `合同 ${c.businessNo} 已出具公证书 ${number}`,
      link: `/m/applications`,
    });
    return next;
  });
}

/** 驳回 with a reason the buyers and the seller see; the contract goes back to the seller. */
export async function rejectCase(ctx: AppContext, actor: StaffActor, caseId: string, reason: string) {
  return ctx.db.transaction(async (tx) => {
    const c = await loadOfficeCase(tx, actor, caseId);
    const now = ctx.clock.now();
    const next = await transitionCase(
      ctx,
      tx,
      actor,
      c,
      'reject',
      { reason, decidedBy: actor.userId, decidedAt: now },
      { reason },
    );
    for (const a of await applicationsOf(tx, c.id)) {
      if (canApply(applicationMachine, a.status, 'reject'))
        await updateApplication(ctx, tx, actor, a, {
          command: 'reject',
          patch: { reason },
          steps: withoutBiometrics(stepsOf(a), now),
          action: 'application.rejected',
          data: { reason },
        });
    }
    const rejected: TCaseRejected = { contractId: c.contractId, caseId: c.id, reason };
    await ctx.bus.emit(tx, CASE_REJECTED, rejected);
    await ctx.bus.emit(tx, CASE_DECIDED, { caseId: c.id, outcome: 'rejected' } satisfies TCaseDecided);
    await announce(ctx.bus, tx, {
      entity: 'case',
      id: c.id,
      status: '已驳回',
      orgIds: [c.officeId],
      phones: (await applicationsOf(tx, c.id)).map((a) => a.buyerPhone),
      sms: true,
      title: '公证申请被驳回',
      body: `合同 ${c.businessNo}：${reason}`,
      link: '/m/applications',
    });
    return next;
  });
}

/** 需补正: names what one buyer must redo; only that can be redone, then resubmitted. */
export async function requestSupplement(
  ctx: AppContext,
  actor: StaffActor,
  caseId: string,
  applicationId: string,
  items: TSupplement['items'],
  note: string,
) {
  return ctx.db.transaction(async (tx) => {
    const c = await loadOfficeCase(tx, actor, caseId);
    const [row] = await tx
      .select()
      .from(buyerApplications)
      .where(and(eq(buyerApplications.id, applicationId), eq(buyerApplications.caseId, c.id)))
      .for('update');
    const app = row && loadedApplication(row);
    if (!app) throw new DomainError('NOT_FOUND', '该案件中没有这份申请', 404);
    const wrongRoute = items.filter((i) =>
      (app.route === 'face' ? ['handheld', 'video'] : ['second_verification']).includes(i),
    );
    if (wrongRoute.length)
      throw new DomainError('SUPPLEMENT_NOT_APPLICABLE', `该买受人的核验方式不含：${wrongRoute.join('、')}`, 400, [
        { field: 'items', code: 'SUPPLEMENT_NOT_APPLICABLE', message: '所选补正项与核验方式不符' },
      ]);
    const next = await transitionCase(ctx, tx, actor, c, 'requestSupplement', {}, { applicationId, items, note });
    await updateApplication(ctx, tx, actor, app, {
      command: 'requestSupplement',
      patch: { supplement: { items, note, at: ctx.clock.now().toISOString(), done: [] } },
      action: 'application.supplement-requested',
      data: { items, note },
    });
    await announce(ctx.bus, tx, {
      entity: 'application',
      id: app.id,
      status: '待补正',
      orgIds: [c.officeId],
      phones: [app.buyerPhone],
      sms: true,
      title: '公证申请需补正',
      body: `合同 ${c.businessNo}：${note}`,
      link: '/m/applications',
    });
    return next;
  });
}
