import { z, ZInstant, ZSha256, ZUuid } from './zod';
import { ZContractParties, ZContractTermsInput } from './contract-terms';
import { CASE_DOCUMENT_KINDS, PHOTO_KINDS, SUPPLEMENT_ITEMS } from './notary';
import { FACE_ACTIONS, ZVerificationRoute } from './buyer-views';

// The notary's evidence as it is stored: `notary_cases.snapshot` (the pushed contract) and
// `buyer_applications.steps` / `supplement` (what each buyer did, with every score and file).
// Records made by other packages (the face engine's decision, the video's format) list the fields
// read here and keep the rest as recorded (loose objects): the evidence is never cut on the way.

/** 公证案件's copy of the contract as it was pushed (contract.pushed): this side never reads the 网签 tables. */
export const ZCaseSnapshot = z.object({
  contractId: ZUuid,
  businessNo: z.string(),
  sellerOrgId: ZUuid,
  officeId: ZUuid,
  parties: ZContractParties,
  terms: ZContractTermsInput,
  econtract: z.object({ sha256: ZSha256, pages: z.number().int() }),
  materials: z.array(z.object({ category: z.string(), sha256: ZSha256, mime: z.string() })),
});
export type TCaseSnapshot = z.infer<typeof ZCaseSnapshot>;

/** 补正 a notary asked one buyer for, and the items redone since. */
export const ZSupplement = z.object({
  items: z.array(z.enum(SUPPLEMENT_ITEMS)),
  note: z.string().optional(),
  at: ZInstant.optional(),
  done: z.array(z.string()).optional(),
});
export type TSupplement = z.infer<typeof ZSupplement>;

/** A face comparison: similarity, the threshold it was held against, and the verdict. */
export const ZFaceMatch = z.looseObject({
  score: z.number(),
  match: z.boolean(),
  threshold: z.number(),
  decidedAt: z.string().optional(),
});

const ZEngine = z.looseObject({ library: z.string(), version: z.string(), backend: z.string() });

/** A live face check (@netsign/face LivenessDecision without the embedding, and its stage and files). */
export const ZLiveFaceCheck = z.looseObject({
  /** absent in the records: tells the live check from the document checks */
  method: z.literal('live').optional(),
  passed: z.boolean(),
  challenge: z.enum(FACE_ACTIONS),
  stage: z.enum(['first', 'second']),
  reason: z.string(),
  thresholds: z.looseObject({ liveness: z.number(), antispoof: z.number(), sameSession: z.number() }),
  scores: z.object({
    antispoofMedian: z.number(),
    livenessMedian: z.number(),
    minSimilarity: z.number(),
    action: z.number(),
  }),
  frames: z.array(
    z.looseObject({
      index: z.number().int(),
      sha256: ZSha256,
      repeat: z.boolean().optional(),
      liveness: z.number().optional(),
      antispoof: z.number().optional(),
      yaw: z.number().optional(),
      eyeOpenness: z.number().optional(),
      mouthOpenness: z.number().optional(),
      similarityToFirst: z.number().optional(),
    }),
  ),
  frameFiles: z.array(ZSha256),
  match: ZFaceMatch.optional(),
  engine: ZEngine.optional(),
  decidedAt: ZInstant,
});

/** 4.2 first check: the travel document, its photo page and (with consent) the face found on it. */
export const ZDocumentCheck = z.object({
  method: z.literal('document'),
  at: ZInstant,
  kind: z.string(),
  numberMasked: z.string(),
  /** blind index of the number (never the number) */
  numberIndex: z.string().optional(),
  mrzChecked: z.boolean(),
  photoPage: ZSha256,
  face: z.object({ detectionScore: z.number(), box: z.array(z.number()) }).optional(),
  faceMatching: z.boolean(),
});

/** 4.2 second check at 提交: every face taken since compared again with the photo page. */
export const ZDocumentSecondCheck = z.object({
  method: z.literal('document-video'),
  passed: z.boolean(),
  decidedAt: ZInstant,
  /** the face everything was compared with; null when the buyer declined face comparison */
  reference: z.literal('photo-page').nullable(),
  items: z.array(
    z.object({
      item: z.enum([...PHOTO_KINDS, 'video']),
      label: z.string(),
      sha256: ZSha256.optional(),
      score: z.number().optional(),
      threshold: z.number().optional(),
      match: z.boolean(),
      matched: z.number().int().optional(),
      total: z.number().int().optional(),
    }),
  ),
});

export const ZFirstCheck = z.union([ZDocumentCheck, ZLiveFaceCheck]);
export const ZSecondCheck = z.union([ZDocumentSecondCheck, ZLiveFaceCheck]);

export const ZEvidencePhoto = z.object({
  sha256: ZSha256,
  mime: z.string(),
  size: z.number().int(),
  at: ZInstant,
  match: ZFaceMatch.optional(),
  accepted: z.boolean(),
});

/** The frames taken while the buyer read the text aloud, each compared with the reference face. */
export const ZVideoFrames = z.object({
  textId: ZUuid,
  at: ZInstant,
  results: z.array(
    z.object({
      sha256: ZSha256,
      faces: z.number().int(),
      score: z.number().optional(),
      match: z.boolean().optional(),
      threshold: z.number().optional(),
    }),
  ),
  passed: z.boolean(),
});

export const ZEvidenceVideo = z.object({
  sha256: ZSha256,
  mime: z.string(),
  size: z.number().int(),
  durationMs: z.number(),
  container: z.string(),
  /** the picture and sound codecs, size and rotation read from the file (older records have none) */
  format: z
    .object({
      picture: z.string(),
      sound: z.string().nullable(),
      width: z.number().nullable(),
      height: z.number().nullable(),
      rotation: z.number(),
    })
    .optional(),
  text: z.string(),
  textIssuedAt: ZInstant,
  uploadedAt: ZInstant,
  frames: ZVideoFrames.optional(),
});

/** Pages of one document the buyer's screen showed. */
export const ZDocumentRead = z.object({
  kind: z.enum(CASE_DOCUMENT_KINDS),
  version: z.string(),
  sha256: ZSha256,
  pages: z.number().int(),
  seen: z.array(z.number().int()),
  firstAt: ZInstant,
  completedAt: ZInstant.optional(),
});

/** 签署 with the phone's key: the event certificate, a prepared request, the documents signed. */
export const ZSigningState = z.object({
  certificatePem: z.string().optional(),
  validUntil: ZInstant.optional(),
  issuedAt: ZInstant.optional(),
  pending: z
    .object({
      requestId: ZUuid,
      expiresAt: ZInstant,
      items: z.array(
        z.object({
          documentId: ZUuid,
          kind: z.enum(CASE_DOCUMENT_KINDS),
          baseSha256: ZSha256,
          preparedSha256: ZSha256,
          byteRange: z.tuple([z.number(), z.number(), z.number(), z.number()]),
          signedAttributes: z.string(),
        }),
      ),
    })
    .optional(),
  signed: z
    .record(z.string(), z.object({ kind: z.enum(CASE_DOCUMENT_KINDS), sha256: ZSha256, at: ZInstant }))
    .optional(),
});

/**
 * A buyer's evidence as the notary sees it: every step of `buyer_applications.steps` but the
 * working state (the face reference, capture tokens, the open challenge).
 */
export const ZApplicationEvidence = z.object({
  claimedAt: ZInstant.optional(),
  consent: z
    .object({ accepted: z.boolean(), textVersion: z.string(), route: ZVerificationRoute.optional(), at: ZInstant })
    .optional(),
  first: ZFirstCheck.optional(),
  second: ZSecondCheck.optional(),
  faceAttempts: z
    .array(z.object({ at: ZInstant, stage: z.enum(['first', 'second']), passed: z.boolean(), reason: z.string() }))
    .optional(),
  reads: z.record(z.string(), ZDocumentRead).optional(),
  agreed: z
    .object({
      at: ZInstant,
      documents: z.array(
        z.object({
          id: ZUuid,
          kind: z.enum(CASE_DOCUMENT_KINDS),
          title: z.string(),
          version: z.string(),
          sha256: ZSha256,
          readAt: ZInstant.optional(),
        }),
      ),
    })
    .optional(),
  photos: z.partialRecord(z.enum(PHOTO_KINDS), ZEvidencePhoto).optional(),
  videoText: z.object({ id: ZUuid, text: z.string(), issuedAt: ZInstant, expiresAt: ZInstant }).optional(),
  videoFrames: ZVideoFrames.optional(),
  video: ZEvidenceVideo.optional(),
  signing: ZSigningState.optional(),
});
export type TApplicationEvidence = z.infer<typeof ZApplicationEvidence>;

/**
 * `buyer_applications.steps` as stored: the evidence and the working state beside it — the face
 * reference (its descriptor erased once the case is decided), live capture tokens by hash, and the
 * open face challenge.
 */
export const ZApplicationSteps = ZApplicationEvidence.extend({
  reference: z
    .object({
      embedding: z.array(z.number()).optional(),
      source: z.enum(['live', 'document']),
      at: ZInstant,
      erasedAt: ZInstant.optional(),
    })
    .optional(),
  captures: z.record(z.string(), z.object({ issuedAt: ZInstant })).optional(),
  challenge: z
    .object({
      id: ZUuid,
      action: z.enum(FACE_ACTIONS),
      stage: z.enum(['first', 'second']),
      issuedAt: ZInstant,
      expiresAt: ZInstant,
    })
    .nullable()
    .optional(),
});
export type TApplicationSteps = z.infer<typeof ZApplicationSteps>;
