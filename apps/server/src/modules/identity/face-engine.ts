import { DomainError } from '@netsign/domain';
import { DEFAULT_THRESHOLDS, faceConfigFromEnv, type Challenge, type Thresholds } from '@netsign/face';
import { countFaces } from '@netsign/face/faces';
import { createFacePool, FaceBusyError, FaceImageError, type FacePool } from '@netsign/face/pool';
import type { AppContext } from '../../platform/app-context';

// One pool per process and pool shape (tests start servers with a tiny pool to fill it).
const pools = new Map<string, Promise<FacePool>>();

/** 503 face_busy: too many frames wait for the face workers; the body and Retry-After say when to retry. */
export class FaceBusy extends DomainError {
  constructor(readonly retryAfter: number) {
    super('face_busy', '人脸识别繁忙，请稍后重试', 503);
  }
}

/**
 * The built-in local engine (models shipped in npm), run in a pool of worker threads so that face
 * analysis never blocks the event loop; started once per process on first use. A licensed
 * real-name service would sit behind the same calls (see docs/FACE.md).
 */
export function faceEngine(ctx: AppContext): Promise<FacePool> {
  const size = ctx.config.FACE_WORKERS;
  const queueLimit = ctx.config.FACE_QUEUE_LIMIT;
  const key = `${size ?? 'default'}/${queueLimit}`;
  let pool = pools.get(key);
  if (!pool) {
    pool = createFacePool({ size, queueLimit }).then((p) => {
      ctx.log.info(
        { loadMs: p.loadMs, workers: p.size, queueLimit: p.queueLimit, models: p.info.models.map((m) => m.name) },
        'face engine loaded',
      );
      return p;
    });
    pools.set(key, pool);
    pool.catch(() => pools.delete(key));
  }
  return pool;
}

/**
 * Analyses one request's images in the pool, admitted as a whole: a full queue becomes 503
 * face_busy, an image the decoder cannot read 400 FRAME_UNREADABLE.
 */
export async function analyzeFrames(ctx: AppContext, images: Buffer[], field = 'frames') {
  const pool = await faceEngine(ctx);
  try {
    return await pool.analyzeAll(images);
  } catch (e) {
    if (e instanceof FaceBusyError) throw new FaceBusy(e.retryAfter);
    if (e instanceof FaceImageError)
      throw new DomainError('FRAME_UNREADABLE', '上传的画面无法读取，请重新拍摄', 400, [
        { field, code: 'FRAME_UNREADABLE', message: '画面无法读取' },
      ]);
    throw e;
  }
}

/**
 * Face settings: every NETSIGN_FACE_* threshold of docs/FACE.md, with the server's own
 * FACE_CHALLENGES and FACE_MATCH_THRESHOLD taking precedence.
 */
function faceSettings(ctx: AppContext) {
  return faceConfigFromEnv({
    ...process.env,
    NETSIGN_FACE_CHALLENGES: ctx.config.FACE_CHALLENGES,
    ...(ctx.config.FACE_MATCH_THRESHOLD !== undefined
      ? { NETSIGN_FACE_MATCH: String(ctx.config.FACE_MATCH_THRESHOLD) }
      : {}),
  });
}

/** The thresholds decisions use (the pool only measures; the rules run here, per server config). */
export function faceThresholds(ctx: AppContext): Thresholds {
  return { ...DEFAULT_THRESHOLDS, ...faceSettings(ctx).thresholds };
}

export function allowedChallenges(ctx: AppContext): Challenge[] {
  return faceSettings(ctx).challenges;
}

/** The one face an ID photo or a frame must show: exactly one person, or the main face for a document or handheld photo. */
export async function singleFace(ctx: AppContext, image: Buffer, what: string, opts: { largest?: boolean } = {}) {
  const [frame] = await analyzeFrames(ctx, [image], 'image');
  // the person's face: the largest confident one; posters, ghost portraits and duplicates do not count
  const { main: face, others } = countFaces(frame, faceThresholds(ctx));
  if (!face)
    throw new DomainError('NO_FACE', `${what}中未检测到人脸，请对准后重新拍摄`, 422, [
      { field: 'image', code: 'NO_FACE', message: `${what}中未检测到人脸` },
    ]);
  if (others.length && !opts.largest) {
    throw new DomainError('MULTIPLE_FACES', `${what}中检测到 ${1 + others.length} 张人脸，请确保画面中只有本人`, 422, [
      { field: 'image', code: 'MULTIPLE_FACES', message: '画面中有多张人脸' },
    ]);
  }
  return { frame, face };
}

/** Compares a face with the application's reference; the decision is evidence for the notary. */
export async function matchReference(ctx: AppContext, embedding: number[], reference: number[]) {
  const e = await faceEngine(ctx);
  const score = e.compare(embedding, reference);
  const threshold = faceThresholds(ctx).match;
  return {
    score: Math.round(score * 10000) / 10000,
    match: score >= threshold,
    threshold,
    engine: e.info,
    decidedAt: ctx.clock.now().toISOString(),
  };
}
