import { APPLICATION_STATUSES } from '@netsign/domain/states/buyer-application';
import { CASE_STATUSES } from '@netsign/domain/states/notary-case';
import { z, ZInstant, ZSha256, ZUuid } from './zod';
import { ZViolation } from './errors';
import { PHOTO_KINDS, SUPPLEMENT_ITEMS, CASE_DOCUMENT_KINDS } from './notary';

// What the server answers to the buyer's app (apps/server/src/modules/notary: case-views.ts,
// claim-application.ts, verify-face.ts, record-evidence-video.ts, sign-documents.ts). The server
// declares them as its routes' `response` schemas; the app parses its answers with them.

export const ZVerificationRoute = z.enum(['face', 'document_video']);
export type TVerificationRoute = z.infer<typeof ZVerificationRoute>;

/** The actions a 人脸识别 can ask for (@netsign/face ALL_CHALLENGES; a test keeps them equal). */
export const FACE_ACTIONS = ['blink', 'turn-left', 'turn-right', 'open-mouth'] as const;
export type TFaceAction = (typeof FACE_ACTIONS)[number];

/** 在线公证 page a QR code opens: the case and its buyers, names and phones masked. */
export const ZBuyerCaseView = z.object({
  caseId: ZUuid,
  businessNo: z.string(),
  status: z.enum(CASE_STATUSES),
  unit: z.string(),
  seller: z.string(),
  buyers: z.array(
    z.object({
      buyerIndex: z.number().int(),
      name: z.string(),
      phone: z.string(),
      verified: z.boolean(),
      status: z.enum(APPLICATION_STATUSES),
    }),
  ),
});
export type TBuyerCaseView = z.infer<typeof ZBuyerCaseView>;

/** One of the four documents a buyer reads, with the pages already seen. */
export const ZBuyerDocumentView = z.object({
  id: ZUuid,
  kind: z.enum(CASE_DOCUMENT_KINDS),
  title: z.string(),
  version: z.string(),
  pages: z.number().int(),
  sha256: ZSha256,
  seen: z.array(z.number().int()),
  completed: z.boolean(),
});
export type TBuyerDocumentView = z.infer<typeof ZBuyerDocumentView>;

/** The text to read aloud in the evidence video, valid until `expiresAt`. */
export const ZVideoText = z.object({ id: ZUuid, text: z.string(), issuedAt: ZInstant, expiresAt: ZInstant });
export type TVideoText = z.infer<typeof ZVideoText>;

/** What a buyer sees of their own application: never another buyer's data, never face descriptors. */
export const ZApplicationView = z.object({
  id: ZUuid,
  caseId: ZUuid,
  businessNo: z.string(),
  status: z.enum(APPLICATION_STATUSES),
  route: ZVerificationRoute,
  buyerName: z.string(),
  unit: z.string(),
  seller: z.string(),
  /** why the notary refused, once refused */
  reason: z.string().nullable(),
  /** 补正 the notary asked for, and what was redone since */
  supplement: z
    .object({
      items: z.array(z.enum(SUPPLEMENT_ITEMS)),
      note: z.string().optional(),
      at: ZInstant.optional(),
      done: z.array(z.string()).optional(),
    })
    .nullable(),
  consent: z.object({ accepted: z.boolean(), textVersion: z.string(), at: ZInstant }).nullable(),
  firstVerified: z.boolean(),
  secondVerified: z.boolean(),
  documents: z.array(ZBuyerDocumentView),
  agreedAt: ZInstant.nullable(),
  photos: z.partialRecord(
    z.enum(PHOTO_KINDS),
    z.object({ at: ZInstant, accepted: z.boolean(), score: z.number().optional() }),
  ),
  video: z.object({ durationMs: z.number(), uploadedAt: ZInstant }).nullable(),
  videoText: ZVideoText.nullable(),
  /** the photos this buyer's document has (a passport: photo page only), as the submit check counts them */
  photosRequired: z.array(z.enum(PHOTO_KINDS)),
  /** what is still missing before 提交 */
  missing: z.array(ZViolation),
  certificateNumber: z.string().nullable(),
  submittedAt: ZInstant.nullable(),
  updatedAt: ZInstant,
});
export type TApplicationView = z.infer<typeof ZApplicationView>;
/** 我的申请记录: the buyer's applications, latest change first. */
export const ZApplicationList = z.array(ZApplicationView);

const ZLanguages = z.object({ 'zh-CN': z.string(), 'zh-HK': z.string(), en: z.string() });
/** The separate consent (个人信息保护法 art. 29) worded for a route; the Chinese text is the one recorded. */
export const ZConsentText = z.object({
  route: ZVerificationRoute,
  version: z.string(),
  title: ZLanguages,
  text: ZLanguages,
});
export type TConsentText = z.infer<typeof ZConsentText>;

/** 人脸识别: the action the server picked, valid until `expiresAt`. */
export const ZFaceChallenge = z.object({
  id: ZUuid,
  action: z.enum(FACE_ACTIONS),
  stage: z.enum(['first', 'second']),
  issuedAt: ZInstant,
  expiresAt: ZInstant,
});
export type TFaceChallenge = z.infer<typeof ZFaceChallenge>;
export const ZFaceResult = z.object({
  passed: z.boolean(),
  stage: z.enum(['first', 'second']),
  application: ZApplicationView,
});
export type TFaceResult = z.infer<typeof ZFaceResult>;

/** A one-time capture token: asked for just before the camera opens (camera, not album). */
export const ZCaptureToken = z.object({ token: z.string(), expiresAt: ZInstant });
export type TCaptureToken = z.infer<typeof ZCaptureToken>;

/** The frames taken while recording, matched against the reference face. */
export const ZVideoFramesResult = z.object({ passed: z.boolean(), matched: z.number().int(), total: z.number().int() });

/** 签署 step 1: the event certificate over the phone's key. */
export const ZSigningCertificate = z.object({ certificate: z.string(), validUntil: ZInstant });
/** 签署 step 2: what the phone's key must sign, one entry per document. */
export const ZSigningRequest = z.object({
  requestId: ZUuid,
  expiresAt: ZInstant,
  certificate: z.string(),
  documents: z.array(
    z.object({
      documentId: ZUuid,
      kind: z.enum(CASE_DOCUMENT_KINDS),
      title: z.string(),
      pages: z.number().int(),
      /** SHA-256 of the document as the buyer read it */
      sha256: ZSha256,
      /** Base64 DER of the CMS signed attributes: exactly what the key signs */
      signedAttributes: z.string(),
      /** SHA-256 of signedAttributes, shown to the buyer */
      digest: z.string(),
    }),
  ),
});
export type TSigningRequest = z.infer<typeof ZSigningRequest>;
/** 签署 step 3: the documents now signed. */
export const ZSigningDone = z.object({
  signed: z.array(z.object({ documentId: ZUuid, kind: z.enum(CASE_DOCUMENT_KINDS), sha256: ZSha256 })),
});
