import { randomUUID } from 'node:crypto';
import { DomainError } from '@netsign/domain';
import { judgeLiveness, pickChallenge } from '@netsign/face/liveness';
import type { AppContext } from '../../platform/app-context';
import type { BuyerActor } from '../../http/auth';
import { analyzeFrames, faceEngine, faceThresholds, allowedChallenges, matchReference } from '../identity/face-engine';
import { loadOwnApplication, requireStatus, updateApplication, type ApplicationRow } from './case-access';
import { assertMayDo, stepsOf, supplementDone } from './redo-rules';
import { files } from '../files/tables';

const CHALLENGE_TTL_MS = 2 * 60_000;
export const MAX_FRAMES = 20;

/** Face capture only on the face route and with the separate consent standing. */
function assertFaceConsent(app: ApplicationRow) {
  if (app.route !== 'face')
    throw new DomainError('ROUTE_NOT_FACE', '您的申请使用身份证明文件 + 佐证视频核验，无需人脸识别', 409);
  if (!stepsOf(app).consent?.accepted)
    throw new DomainError('CONSENT_REQUIRED', '人脸识别前须先同意处理人脸信息（单独同意）', 409);
}

/** 人脸识别 begins: the server, not the page, picks the action the buyer must perform. */
export async function issueFaceChallenge(ctx: AppContext, actor: BuyerActor, id: string, stage: 'first' | 'second') {
  return ctx.db.transaction(async (tx) => {
    const app = await loadOwnApplication(tx, actor, id);
    assertFaceConsent(app);
    if (stage === 'first') requireStatus(app, '待核验');
    else assertMayDo(app, 'second_verification', '再次人脸识别');
    const now = ctx.clock.now();
    const challenge = {
      id: randomUUID(),
      action: pickChallenge(allowedChallenges(ctx)),
      stage,
      issuedAt: now.toISOString(),
      expiresAt: new Date(now.getTime() + CHALLENGE_TTL_MS).toISOString(),
    };
    await updateApplication(ctx, tx, actor, app, {
      steps: { challenge },
      action: 'application.face-challenge',
      data: { stage, action: challenge.action },
    });
    return challenge;
  });
}

/**
 * Judges the frames the camera captured for the challenge. The first check makes the live face
 * the reference; the second must match it. Every score and frame hash is kept, pass or fail.
 */
export async function submitFaceFrames(
  ctx: AppContext,
  actor: BuyerActor,
  id: string,
  challengeId: string,
  frames: Buffer[],
) {
  const app0 = await loadOwnApplication(ctx.db, actor, id, false);
  // a challenge issued before the consent was withdrawn must not let a face through (个人信息保护法 art. 29)
  assertFaceConsent(app0);
  const challenge = stepsOf(app0).challenge;
  if (!challenge || challenge.id !== challengeId)
    throw new DomainError('CHALLENGE_UNKNOWN', '人脸识别已失效，请重新开始', 409);
  if (new Date(challenge.expiresAt) < ctx.clock.now())
    throw new DomainError('CHALLENGE_EXPIRED', '人脸识别超时，请重新开始', 409);
  if (frames.length > MAX_FRAMES) throw new DomainError('TOO_MANY_FRAMES', `最多上传 ${MAX_FRAMES} 帧`, 400);
  const engine = await faceEngine(ctx);
  const analysed = await analyzeFrames(ctx, frames);
  const decision = judgeLiveness(challenge.action, analysed, faceThresholds(ctx), {
    engine: engine.info,
    now: ctx.clock.now(),
  });
  const reference: number[] | undefined = stepsOf(app0).reference?.embedding;
  const match =
    challenge.stage === 'second' && decision.passed && decision.referenceEmbedding && reference
      ? await matchReference(ctx, decision.referenceEmbedding, reference)
      : undefined;
  const passed = decision.passed && (challenge.stage === 'first' || Boolean(match?.match));
  // the frames are kept as the notary's evidence; the blob store is content-addressed
  const stored: string[] = [];
  for (const f of frames) stored.push((await ctx.blobs.put(f)).sha256);
  const { referenceEmbedding, ...evidence } = decision;
  const record = { ...evidence, stage: challenge.stage, frameFiles: stored, match, passed };

  const app = await ctx.db.transaction(async (tx) => {
    for (const sha of stored)
      await tx
        .insert(files)
        .values({ sha256: sha, size: frames[stored.indexOf(sha)].length, mime: 'image/jpeg' })
        .onConflictDoNothing();
    const cur = await loadOwnApplication(tx, actor, id);
    assertFaceConsent(cur);
    const attempts = [
      ...(stepsOf(cur).faceAttempts ?? []),
      {
        at: record.decidedAt,
        stage: record.stage,
        passed,
        reason: decision.reason || (match && !match.match ? 'different-person' : ''),
      },
    ];
    const steps: Record<string, unknown> = { challenge: null, faceAttempts: attempts };
    if (passed && challenge.stage === 'first')
      Object.assign(steps, {
        first: record,
        reference: { embedding: referenceEmbedding, source: 'live', at: record.decidedAt },
      });
    if (passed && challenge.stage === 'second') steps.second = record;
    const patch = passed ? supplementDone(cur, 'second_verification') : {};
    return updateApplication(ctx, tx, actor, cur, {
      patch,
      command: passed && challenge.stage === 'first' ? 'firstVerified' : undefined,
      steps,
      action: `application.face-${challenge.stage}.${passed ? 'passed' : 'failed'}`,
      data: {
        challenge: challenge.action,
        scores: decision.scores,
        match: match && { score: match.score, threshold: match.threshold },
        frames: decision.frames.map((f) => f.sha256),
      },
    });
  });
  if (!passed) {
    // each failed rule is a violation with a stable code, which the app words in the buyer's language
    const violations =
      match && !match.match
        ? [
            {
              field: 'frames',
              code: 'face-mismatch',
              message: `与首次核验的人脸不一致（相似度 ${match.score}，阈值 ${match.threshold}），须由申请人本人完成人脸识别`,
            },
          ]
        : decision.checks.filter((c) => !c.passed).map((c) => ({ field: 'frames', code: c.rule, message: c.message }));
    throw new DomainError('FACE_VERIFICATION_FAILED', `人脸识别未通过：${violations[0]!.message}`, 422, violations);
  }
  return { passed, stage: challenge.stage, application: app };
}
