import { eq } from 'drizzle-orm';
import { DomainError, type RuleViolation } from '@netsign/domain';
import { BUYER_SIGNED_KINDS, CASE_DOCUMENT_TITLES, SUPPLEMENT_LABELS, photoLabel, photosRequired } from '@netsign/api';
import type { AppContext } from '../../platform/app-context';
import type { BuyerActor } from '../../http/auth';
import { buyerApplications } from './tables';
import {
  loadCase,
  loadOwnApplication,
  transitionCase,
  updateApplication,
  type ApplicationRow,
  type CaseRow,
} from './case-access';
import { stepsOf } from './redo-rules';
import { announce } from '../notifications/events';
import { documentSecondCheck } from './document-second-check';

/** The contract's buyer of this application's document type (from the case's snapshot). */
export function buyerIdType(c: Pick<CaseRow, 'snapshot'>, app: ApplicationRow): string | undefined {
  return c.snapshot.terms.buyers[app.buyerIndex]?.idType;
}

/** What is still missing before this application can go to the notary, each at its step; the photos by the buyer's document type. */
export function missingSteps(app: ApplicationRow, idType: string | undefined): RuleViolation[] {
  const s = stepsOf(app);
  const v: RuleViolation[] = [];
  const route = app.route as 'face' | 'document_video';
  for (const k of photosRequired(route, idType)) {
    const p = s.photos?.[k];
    if (!p) v.push({ field: `photos.${k}`, code: 'PHOTO_REQUIRED', message: `请上传${photoLabel(k, idType)}` });
    else if (!p.accepted)
      v.push({
        field: `photos.${k}`,
        code: 'PHOTO_NOT_ACCEPTED',
        message: `${photoLabel(k, idType)}人像比对未通过，请重新拍摄`,
      });
  }
  if (route === 'face') {
    const idFrontAt = s.photos?.id_front?.at;
    if (!s.second?.passed)
      v.push({ field: 'second', code: 'SECOND_VERIFICATION_REQUIRED', message: '请完成第二次人脸识别' });
    else if (idFrontAt && s.second.decidedAt < idFrontAt)
      v.push({ field: 'second', code: 'SECOND_VERIFICATION_STALE', message: '上传证件照后须再次进行人脸识别' });
  } else if (!s.video) v.push({ field: 'video', code: 'VIDEO_REQUIRED', message: '请录制并提交佐证视频' });
  // 签署 happens once, before the first 提交 (a 补正 keeps the signed documents)
  if (app.status === '已阅读') {
    const signed = new Set(
      Object.values((s.signing?.signed ?? {}) as Record<string, { kind: string }>).map((x) => x.kind),
    );
    for (const k of BUYER_SIGNED_KINDS)
      if (!signed.has(k))
        v.push({ field: `signing.${k}`, code: 'SIGNATURE_REQUIRED', message: `请签署《${CASE_DOCUMENT_TITLES[k]}》` });
  }
  if (app.status === '待补正') {
    const sup = app.supplement ?? { items: [] };
    for (const item of sup.items)
      if (!(sup.done ?? []).includes(item))
        v.push({
          field: `supplement.${item}`,
          code: 'SUPPLEMENT_NOT_DONE',
          message: `请按公证处要求补正：${SUPPLEMENT_LABELS[item]}`,
        });
  }
  return v;
}

/** 提交 (申请成功): to the notary; the case goes to review once every buyer has submitted. */
export async function submitApplication(ctx: AppContext, actor: BuyerActor, id: string) {
  return ctx.db.transaction(async (tx) => {
    const app = await loadOwnApplication(tx, actor, id);
    const command = app.status === '待补正' ? 'resubmit' : 'submit';
    if (app.status !== '待补正' && app.status !== '已阅读') {
      throw new DomainError(
        'ILLEGAL_STATE',
        `公证申请当前状态为「${app.status}」，不能提交（需处于：已阅读、待补正）`,
        409,
      );
    }
    const idType = buyerIdType(await loadCase(tx, app.caseId, false), app);
    const missing = missingSteps(app, idType);
    if (missing.length)
      throw new DomainError(
        'APPLICATION_INCOMPLETE',
        `尚有 ${missing.length} 项未完成：${missing.map((m) => m.message).join('；')}`,
        409,
        missing,
      );
    const now = ctx.clock.now();
    const steps: Record<string, unknown> = { submittedAt: now.toISOString() };
    // the non-mainland route's second identity check happens here (manual 4.2)
    if (app.route === 'document_video')
      steps.second = documentSecondCheck(stepsOf(app), photosRequired('document_video', idType), idType, now);
    const next = await updateApplication(ctx, tx, actor, app, {
      command,
      patch: { submittedAt: now },
      steps,
      action: `application.${command}`,
    });
    const c = await loadCase(tx, app.caseId);
    const all = await tx
      .select({ status: buyerApplications.status })
      .from(buyerApplications)
      .where(eq(buyerApplications.caseId, c.id));
    if (all.every((a) => a.status === '待审核') && (c.status === '待签署' || c.status === '待补正')) {
      await transitionCase(ctx, tx, actor, c, 'allSubmitted');
      await announce(ctx.bus, tx, {
        entity: 'case',
        id: c.id,
        status: '待审核',
        orgIds: [c.officeId],
        title: `案件 ${c.businessNo} 待审核`,
        body: '全部买受人已提交申请，请审核',
        link: `/console/notary/cases/${c.id}`,
      });
    }
    return next;
  });
}
