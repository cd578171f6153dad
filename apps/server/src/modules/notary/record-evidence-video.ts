import { randomInt, randomUUID } from 'node:crypto';
import type { Readable } from 'node:stream';
import { DomainError, checkEvidenceVideoDuration, checkEvidenceVideoFormat, type RuleResult } from '@netsign/domain';
import { VideoDurationScanner, EVIDENCE_VIDEO_DURATION } from '@netsign/domain/media/video-container';
import type { AppContext } from '../../platform/app-context';
import type { BuyerActor } from '../../http/auth';
import { storeUpload } from '../files/store-upload';
import { countedFaces } from '@netsign/face/faces';
import { analyzeFrames, faceThresholds, matchReference } from '../identity/face-engine';
import { loadCase, loadOwnApplication, updateApplication } from './case-access';
import { assertMayDo, stepsOf, supplementDone } from './redo-rules';

const TEXT_TTL_MS = 10 * 60_000;

const refuseUnless = <T>(r: RuleResult<T>): T => {
  if (r.ok) return r.value;
  throw new DomainError(r.violations[0]!.code, r.violations[0]!.message, 422, r.violations);
};

/** 录制视频: the text the buyer reads aloud, with a random code so an old recording cannot serve. */
export async function issueVideoText(ctx: AppContext, actor: BuyerActor, id: string) {
  return ctx.db.transaction(async (tx) => {
    const app = await loadOwnApplication(tx, actor, id);
    if (app.route !== 'document_video')
      throw new DomainError('ROUTE_NOT_DOCUMENT', '人脸识别方式无需录制佐证视频', 409);
    assertMayDo(app, 'video', '录制佐证视频');
    const c = await loadCase(tx, app.caseId, false);
    const snap = c.snapshot;
    const code = Array.from({ length: 4 }, () => randomInt(0, 10)).join(' ');
    const now = ctx.clock.now();
    const text = {
      id: randomUUID(),
      text: `本人${app.buyerName}，自愿购买${snap.parties.unit.projectName}${snap.parties.unit.building}${snap.parties.unit.number}房屋，已阅读并同意商品房买卖合同及公证告知的全部内容，申请办理公证。核验码：${code}。`,
      issuedAt: now.toISOString(),
      expiresAt: new Date(now.getTime() + TEXT_TTL_MS).toISOString(),
    };
    await updateApplication(ctx, tx, actor, app, { steps: { videoText: text }, action: 'application.video-text' });
    return text;
  });
}

/** Frames the page captured while recording: each face must match the reference. */
export async function submitVideoFrames(
  ctx: AppContext,
  actor: BuyerActor,
  id: string,
  textId: string,
  frames: Buffer[],
) {
  const app = await loadOwnApplication(ctx.db, actor, id, false);
  // once submitted, the evidence stays as the notary received it
  assertMayDo(app, 'video', '录制佐证视频');
  const text = stepsOf(app).videoText;
  if (!text || text.id !== textId) throw new DomainError('VIDEO_TEXT_UNKNOWN', '朗读文字已失效，请重新录制', 409);
  const reference: number[] | undefined = stepsOf(app).reference?.embedding;
  const taken = frames.slice(0, 10);
  const analysed = await analyzeFrames(ctx, taken);
  const results: { sha256: string; faces: number; score?: number; match?: boolean; threshold?: number }[] = [];
  for (const [i, f] of taken.entries()) {
    const a = countedFaces(analysed[i]!, faceThresholds(ctx));
    const face = a.faces[0];
    const match = face && reference ? await matchReference(ctx, face.embedding, reference) : undefined;
    results.push({
      sha256: a.sha256,
      faces: a.faces.length,
      score: match?.score,
      match: match?.match,
      threshold: match?.threshold,
    });
    await ctx.blobs.put(f);
  }
  const matched = results.filter((r) => r.match).length;
  const passed =
    !reference ||
    (results.length > 0 && matched >= Math.ceil(results.length / 2) && results.every((r) => r.faces >= 1));
  await ctx.db.transaction(async (tx) => {
    const cur = await loadOwnApplication(tx, actor, id);
    assertMayDo(cur, 'video', '录制佐证视频');
    await updateApplication(ctx, tx, actor, cur, {
      steps: { videoFrames: { textId, at: ctx.clock.now().toISOString(), results, passed } },
      action: 'application.video-frames',
      data: { matched, total: results.length },
    });
  });
  if (!passed)
    throw new DomainError(
      'VIDEO_FACE_MISMATCH',
      `录制画面中的人脸与证件照片不一致（${matched}/${results.length} 帧匹配），请本人正对镜头重新录制`,
      422,
    );
  return { passed, matched, total: results.length };
}

/**
 * 提交视频: streamed to the store; its container and length are read from the bytes (15 s ± 1.5 s),
 * and it must have been recorded after the text was issued.
 */
export async function uploadEvidenceVideo(
  ctx: AppContext,
  actor: BuyerActor,
  id: string,
  textId: string,
  video: Readable,
) {
  const app0 = await loadOwnApplication(ctx.db, actor, id, false);
  assertMayDo(app0, 'video', '提交佐证视频');
  const text = stepsOf(app0).videoText;
  const refuse = (code: string, message: string, status = 422) => {
    video.resume();
    return new DomainError(code, message, status, [{ field: 'video', code, message }]);
  };
  if (!text || text.id !== textId) throw refuse('VIDEO_TEXT_UNKNOWN', '朗读文字已失效，请重新录制', 409);
  if (new Date(text.expiresAt) < ctx.clock.now()) throw refuse('VIDEO_TEXT_EXPIRED', '朗读文字已过期，请重新录制', 409);
  const frames = stepsOf(app0).videoFrames;
  if (!frames || frames.textId !== textId || !frames.passed)
    throw refuse('VIDEO_FRAMES_REQUIRED', '录制过程中的画面未通过人脸比对，请重新录制', 409);
  const scanner = new VideoDurationScanner('video');
  const stored = await storeUpload(ctx, null, video, {
    field: 'video',
    label: '佐证视频',
    types: ['webm', 'mp4'],
    maxBytes: 60 << 20,
    tap: (c) => scanner.push(c),
  });
  const duration = refuseUnless(scanner.result());
  const format = refuseUnless(checkEvidenceVideoFormat(duration.tracks));
  const durationMs = refuseUnless(checkEvidenceVideoDuration(duration.durationMs));
  const elapsed = ctx.clock.now().getTime() - new Date(text.issuedAt).getTime();
  // a recording of d seconds that arrives less than d seconds after the text existed began before it
  if (elapsed + EVIDENCE_VIDEO_DURATION.tolerance < durationMs) {
    throw new DomainError('VIDEO_BEFORE_TEXT', '视频录制时间早于朗读文字生成时间，请按屏幕文字重新录制', 422, [
      { field: 'video', code: 'VIDEO_BEFORE_TEXT', message: '视频不是在显示朗读文字后录制的' },
    ]);
  }
  return ctx.db.transaction(async (tx) => {
    const app = await loadOwnApplication(tx, actor, id);
    const record = {
      sha256: stored.sha256,
      mime: stored.mime,
      size: stored.size,
      durationMs,
      container: duration.container,
      format,
      text: text.text,
      textIssuedAt: text.issuedAt,
      uploadedAt: ctx.clock.now().toISOString(),
      frames,
    };
    const patch = supplementDone(app, 'video');
    return updateApplication(ctx, tx, actor, app, {
      steps: { video: record },
      patch,
      action: 'application.video',
      data: { sha256: stored.sha256, durationMs },
    });
  });
}
