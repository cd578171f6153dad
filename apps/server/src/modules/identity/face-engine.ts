import { DomainError } from '@netsign/domain';
import { faceConfigFromEnv, type Challenge } from '@netsign/face';
import { createFaceEngine, type NodeFaceEngine } from '@netsign/face/node';
import type { AppContext } from '../../platform/app-context';

let engine: Promise<NodeFaceEngine> | undefined;

/**
 * The built-in local engine (models shipped in npm), loaded once per process on first use. A
 * licensed real-name service would sit behind the same calls (see docs/FACE.md).
 */
export function faceEngine(ctx: AppContext): Promise<NodeFaceEngine> {
  engine ??= createFaceEngine({ thresholds: faceSettings(ctx).thresholds }).then((e) => {
    ctx.log.info({ loadMs: e.loadMs, models: e.info.models.map((m) => m.name) }, 'face engine loaded');
    return e;
  });
  return engine;
}

/**
 * Face settings: every NETSIGN_FACE_* threshold of docs/FACE.md, with the server's own
 * FACE_CHALLENGES and FACE_MATCH_THRESHOLD taking precedence.
 */
function faceSettings(ctx: AppContext) {
  return faceConfigFromEnv({
    ...process.env,
    NETSIGN_FACE_CHALLENGES: ctx.config.FACE_CHALLENGES,
    ...(ctx.config.FACE_MATCH_THRESHOLD !== undefined ? { NETSIGN_FACE_MATCH: String(ctx.config.FACE_MATCH_THRESHOLD) } : {}),
  });
}

export function allowedChallenges(ctx: AppContext): Challenge[] {
  return faceSettings(ctx).challenges;
}

/** The one face an ID photo or a frame must show: exactly one, or the largest for a handheld photo. */
export async function singleFace(ctx: AppContext, image: Buffer, what: string, opts: { largest?: boolean } = {}) {
  const e = await faceEngine(ctx);
  const frame = await e.analyze(image);
  if (!frame.faces.length) throw new DomainError('NO_FACE', `${what}中未检测到人脸，请对准后重新拍摄`, 422, [{ field: 'image', code: 'NO_FACE', message: `${what}中未检测到人脸` }]);
  if (frame.faces.length > 1 && !opts.largest) {
    throw new DomainError('MULTIPLE_FACES', `${what}中检测到 ${frame.faces.length} 张人脸，请确保画面中只有本人`, 422, [{ field: 'image', code: 'MULTIPLE_FACES', message: '画面中有多张人脸' }]);
  }
  const face = [...frame.faces].sort((a, b) => b.box[2] * b.box[3] - a.box[2] * a.box[3])[0];
  return { frame, face };
}

/** Compares a face with the application's reference; the decision is evidence for the notary. */
export async function matchReference(ctx: AppContext, embedding: number[], reference: number[]) {
  const e = await faceEngine(ctx);
  const score = e.compare(embedding, reference);
  return { score: Math.round(score * 10000) / 10000, match: score >= e.thresholds.match, threshold: e.thresholds.match, engine: e.info, decidedAt: ctx.clock.now().toISOString() };
}
