import type { Readable } from 'node:stream';
import type { z } from 'zod';
import { DomainError, validateIdentityDocument, sameIdentity } from '@netsign/domain';
import type { ZIdentityDocumentRequest } from '@netsign/api';
import type { AppContext } from '../../platform/app-context';
import type { BuyerActor } from '../../http/auth';
import { storeUpload } from '../files/store-upload';
import { singleFace } from '../identity/face-engine';
import { loadCase, loadOwnApplication, requireStatus, updateApplication } from './case-access';
import { checkCaptureToken, spendCaptureToken } from './capture-session';
import { stepsOf } from './redo-rules';
import { dataKeysOf, idNumberIndex } from '../../platform/personal-data';

/**
 * Manual 4.2, first verification: the buyer enters the travel document and photographs its photo
 * page. The number must pass its format and check digits and equal the contract's buyer; the page
 * must show a face, which becomes the reference the later captures are matched against.
 */
export async function verifyIdentityDocument(
  ctx: AppContext,
  actor: BuyerActor,
  id: string,
  input: z.infer<typeof ZIdentityDocumentRequest>,
  photo: Readable,
  captureToken: string | undefined,
) {
  const app0 = await loadOwnApplication(ctx.db, actor, id, false);
  requireStatus(app0, '待核验');
  if (app0.route !== 'document_video')
    throw new DomainError('ROUTE_NOT_DOCUMENT', '大陆居民请使用人脸识别核验身份', 409);
  const consent = stepsOf(app0).consent;
  if (!consent) throw new DomainError('CONSENT_REQUIRED', '请先选择是否同意处理人脸信息', 409);
  checkCaptureToken(ctx, app0, captureToken);
  const c = await loadCase(ctx.db, app0.caseId, false);
  const buyer = c.snapshot.terms.buyers[app0.buyerIndex];

  const doc = validateIdentityDocument(input.kind, input.number, { mrz: input.mrz, field: 'number' });
  const same = sameIdentity(
    { name: buyer.name, idKind: buyer.idType, idNumber: buyer.idNumber },
    { name: input.name, idKind: input.kind, idNumber: input.number },
    'document',
  );
  const violations = [...(doc.ok ? [] : doc.violations), ...(same.ok ? [] : same.violations)];
  if (violations.length) {
    photo.resume();
    throw new DomainError(
      'DOCUMENT_INVALID',
      `身份证明文件核验未通过：${violations.map((v) => v.message).join('；')}`,
      422,
      violations,
    );
  }
  const stored = await storeUpload(ctx, null, photo, {
    field: 'file',
    label: '证件照片页',
    types: ['jpeg', 'png', 'webp'],
    maxBytes: 10 << 20,
  });
  let reference: { embedding: number[]; source: 'document'; at: string } | undefined;
  let face: { detectionScore: number; box: number[] } | undefined;
  if (consent.accepted) {
    const found = await singleFace(ctx, await ctx.blobs.getBuffer(stored.sha256), '证件照片页', { largest: true });
    face = { detectionScore: found.face.detectionScore, box: found.face.box };
    reference = { embedding: found.face.embedding, source: 'document', at: ctx.clock.now().toISOString() };
  }
  return ctx.db.transaction(async (tx) => {
    const cur = await loadOwnApplication(tx, actor, id);
    const { app } = await spendCaptureToken(ctx, tx, actor, cur, captureToken);
    const first = {
      method: 'document' as const,
      at: ctx.clock.now().toISOString(),
      kind: input.kind,
      numberMasked: `${input.number.slice(0, 2)}****${input.number.slice(-2)}`,
      numberIndex: idNumberIndex(dataKeysOf(ctx), input.number),
      mrzChecked: Boolean(input.mrz),
      photoPage: stored.sha256,
      face,
      faceMatching: consent.accepted,
    };
    return updateApplication(ctx, tx, actor, app, {
      command: 'firstVerified',
      steps: { first, reference },
      action: 'application.document-verified',
      data: { kind: input.kind, photoPage: stored.sha256 },
    });
  });
}
