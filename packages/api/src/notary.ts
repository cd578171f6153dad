import { documentHasBack } from '@netsign/domain/identity/document-sides';
import { EVIDENCE_VIDEO_DURATION } from '@netsign/domain/media/video-container';
import { z, ZUuid } from './zod';

export const PHOTO_KINDS = ['id_front', 'id_back', 'handheld', 'signature'] as const;
export type TPhotoKind = (typeof PHOTO_KINDS)[number];
export const PHOTO_LABELS: Record<TPhotoKind, string> = {
  id_front: '身份证明文件正面照片',
  id_back: '身份证明文件反面照片',
  handheld: '手持身份证正面照片',
  signature: '电子签名图片',
};
/** What each route must upload before 提交 (manual 4.1 / 4.2). */
export const PHOTOS_REQUIRED: Record<'face' | 'document_video', TPhotoKind[]> = {
  face: ['id_front', 'id_back', 'signature'],
  document_video: ['id_front', 'id_back', 'handheld', 'signature'],
};

/**
 * What this buyer must upload before 提交: the route's photos, less the back for a document that
 * has none (a passport: its photo page only). The server's check and the buyer app both use it.
 */
export function photosRequired(route: 'face' | 'document_video', idType: string | undefined): TPhotoKind[] {
  return PHOTOS_REQUIRED[route].filter((k) => k !== 'id_back' || documentHasBack(idType));
}

/** The one photo of a document without a back (a passport's photo page). */
export const PHOTO_PAGE_LABEL = '证件个人资料页（照片页）照片';
/** A mainland buyer (the face route) photographs a 居民身份证: the buyer's app names it so. */
export const RESIDENT_ID_PHOTO_LABELS: Partial<Record<TPhotoKind, string>> = {
  id_front: '身份证正面照片',
  id_back: '身份证反面照片',
};

/** A photo's name for this buyer's document (a passport's front is its photo page). */
export function photoLabel(kind: TPhotoKind, idType: string | undefined): string {
  if (kind === 'id_front' && !documentHasBack(idType)) return PHOTO_PAGE_LABEL;
  return PHOTO_LABELS[kind];
}

/** The 佐证视频's accepted length in seconds (the server's rule, EVIDENCE_VIDEO_DURATION): the app checks it before sending. */
export const EVIDENCE_VIDEO_SECONDS = {
  min: (EVIDENCE_VIDEO_DURATION.target - EVIDENCE_VIDEO_DURATION.tolerance) / 1000,
  max: (EVIDENCE_VIDEO_DURATION.target + EVIDENCE_VIDEO_DURATION.tolerance) / 1000,
};

/** The four documents a buyer reads before 同意继续. */
export const CASE_DOCUMENT_KINDS = ['econtract', 'application_form', 'notice', 'intake_record'] as const;
export type TCaseDocumentKind = (typeof CASE_DOCUMENT_KINDS)[number];
export const CASE_DOCUMENT_TITLES: Record<TCaseDocumentKind, string> = {
  econtract: '中山市商品房买卖合同',
  application_form: '商品房买卖公证申请表',
  notice: '商品房买卖合同公证告知',
  intake_record: '收案记录',
};

/** Items a notary can ask a buyer to redo (补正). */
export const SUPPLEMENT_ITEMS = [
  'id_front',
  'id_back',
  'handheld',
  'signature',
  'second_verification',
  'video',
] as const;
export type TSupplementItem = (typeof SUPPLEMENT_ITEMS)[number];
/** What each 补正 item is called, for the notary who asks and the buyer who redoes it. */
export const SUPPLEMENT_LABELS: Record<TSupplementItem, string> = {
  ...PHOTO_LABELS,
  // only the face route has a second live check to redo (review-case allows it there only)
  second_verification: '再次人脸识别',
  video: '佐证视频',
};
export const ZSupplementRequest = z.object({
  applicationId: ZUuid,
  items: z.array(z.enum(SUPPLEMENT_ITEMS)).min(1, '请至少选择一项需补正的内容'),
  note: z.string().trim().min(2, '请说明需补正的原因').max(500),
});
export const ZRejectRequest = z.object({ reason: z.string().trim().min(2, '请填写驳回原因').max(1000) });
export const ZClaimRequest = z.object({
  token: z.string().min(20).max(100),
  buyerIndex: z.number().int().min(0).max(9),
});
export const ZConsentRequest = z.object({ accepted: z.boolean(), textVersion: z.string().min(1).max(40) });
export const ZReadRequest = z.object({ pages: z.array(z.number().int().min(1).max(2000)).min(1).max(2000) });
export const ZAgreeRequest = z.object({
  documents: z.array(z.object({ id: ZUuid, version: z.string() })).length(4, '须同意全部四份文件'),
});
export const ZIdentityDocumentRequest = z.object({
  kind: z.enum(['PASSPORT', 'HK_MO_PERMIT', 'TW_PERMIT', 'FOREIGN_PR_CARD', 'HMT_RESIDENCE_PERMIT', 'CN_RESIDENT_ID']),
  number: z.string().trim().min(5).max(30),
  name: z.string().trim().min(1).max(100),
  /** passport: the two MRZ lines of the photo page */
  mrz: z.array(z.string().length(44)).length(2).optional(),
});
