import { DomainError } from '@netsign/domain';
import { ALL_CHALLENGES, type Challenge } from '@netsign/face';
import { createFaceEngine, type NodeFaceEngine } from '@netsign/face/node';
import type { AppContext } from '../../platform/app-context';

let engine: Promise<NodeFaceEngine> | undefined;

/**
 * The built-in local engine (models shipped in npm), loaded once per process on first use. A
 * licensed real-name service would sit behind the same calls (see docs/FACE.md).
 */
export function faceEngine(ctx: AppContext): Promise<NodeFaceEngine> {
  engine ??= createFaceEngine({ thresholds: ctx.config.FACE_MATCH_THRESHOLD ? { match: ctx.config.FACE_MATCH_THRESHOLD } : {} }).then((e) => {
    ctx.log.info({ loadMs: e.loadMs, models: e.info.models.map((m) => m.name) }, 'face engine loaded');
    return e;
  });
  return engine;
}

export function allowedChallenges(ctx: AppContext): Challenge[] {
  const wanted = ctx.config.FACE_CHALLENGES.split(',').map((s) => s.trim()).filter(Boolean);
  const ok = ALL_CHALLENGES.filter((c) => wanted.includes(c));
  if (!ok.length) throw new DomainError('CONFIG', 'FACE_CHALLENGES 未包含任何有效动作', 500);
  return ok;
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
