import type { Readable } from 'node:stream';
import { DomainError } from '@netsign/domain';
import { PHOTO_LABELS, type TPhotoKind } from '@netsign/api';
import type { AppContext } from '../../platform/app-context';
import type { BuyerActor } from '../../http/auth';
import { storeUpload } from '../files/store-upload';
import { singleFace, matchReference } from '../identity/face-engine';
import { loadOwnApplication, updateApplication } from './case-access';
import { assertMayDo, stepsOf, supplementDone } from './redo-rules';
import { checkCaptureToken, spendCaptureToken } from './capture-session';

/**
 * 上传身份证正反面照片 / 手持身份证正面照片 / 电子签名图片. The ID front's portrait and the
 * handheld photo's face must match the reference face (when the buyer consented to face matching).
 */
export async function uploadBuyerPhoto(
  ctx: AppContext,
  actor: BuyerActor,
  id: string,
  kind: TPhotoKind,
  file: Readable,
  captureToken: string | undefined,
) {
  const label = PHOTO_LABELS[kind];
  const before = await loadOwnApplication(ctx.db, actor, id, false);
  assertMayDo(before, kind, `上传${label}`);
  if (kind === 'handheld' && before.route !== 'document_video')
    throw new DomainError('NOT_NEEDED', '大陆居民人脸识别方式无需上传手持证件照', 409);
  // the token is checked before the bytes are read, and spent with the record
  checkCaptureToken(ctx, before, captureToken);
  const stored = await storeUpload(ctx, null, file, {
    field: 'file',
    label,
    types: ['jpeg', 'png', 'webp'],
    maxBytes: 10 << 20,
  });

  let match: Awaited<ReturnType<typeof matchReference>> | undefined;
  const reference: number[] | undefined = stepsOf(before).reference?.embedding;
  if ((kind === 'id_front' || kind === 'handheld') && reference) {
    const bytes = await ctx.blobs.getBuffer(stored.sha256);
    const { face } = await singleFace(ctx, bytes, label, { largest: true });
    match = await matchReference(ctx, face.embedding, reference);
  }
  const result = await ctx.db.transaction(async (tx) => {
    const cur = await loadOwnApplication(tx, actor, id);
    const { app } = await spendCaptureToken(ctx, tx, actor, cur, captureToken);
    const photos = { ...(stepsOf(app).photos ?? {}) };
    const photo = {
      sha256: stored.sha256,
      mime: stored.mime,
      size: stored.size,
      at: ctx.clock.now().toISOString(),
      match,
      accepted: !match || match.match,
    };
    photos[kind] = photo;
    const patch = photo.accepted ? supplementDone(app, kind) : {};
    const next = await updateApplication(ctx, tx, actor, app, {
      steps: { photos },
      patch,
      action: `application.photo.${kind}`,
      data: { sha256: stored.sha256, match: match && { score: match.score, match: match.match } },
    });
    return { app: next, photo };
  });
  if (!result.photo.accepted) {
    throw new DomainError(
      'FACE_MISMATCH',
      `${label}中的人像与现场核验的人脸不一致（相似度 ${match!.score}，阈值 ${match!.threshold}），请确认使用本人证件后重新拍摄`,
      422,
    );
  }
  return result;
}
