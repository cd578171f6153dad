// Types shared by the engine, the pure rules and their callers (server and browser).

/** Raw 8-bit RGB pixels, row-major, 3 bytes a pixel (what sharp's `.raw()` gives after removeAlpha). */
export interface RgbImage {
  data: Uint8Array;
  width: number;
  height: number;
}

/** [x, y, width, height] in pixels of the analysed image. */
export type Box = [number, number, number, number];

/** Head pose in degrees. yaw > 0: the person turned to THEIR left (nose moves to the image's right
 * in an unmirrored camera frame); pitch > 0: looking up; roll > 0: head tilted clockwise in the image. */
export interface HeadPose {
  yaw: number;
  pitch: number;
  roll: number;
}

export interface FaceAnalysis {
  box: Box;
  /** detector confidence 0..1 */
  detectionScore: number;
  /** faceres descriptor (1024 floats) */
  embedding: number[];
  /** anti-spoofing model: 0 = presentation attack, 1 = real face */
  antispoof: number;
  /** liveness model: 0 = not live, 1 = live */
  liveness: number;
  pose: HeadPose;
  /** eye aspect ratio of each eye from the mesh (open ≈ 0.25–0.35, closed < 0.15) */
  eyeOpenness: { left: number; right: number; mean: number };
  /** inner-lip gap divided by mouth width (closed ≈ 0, wide open > 0.5) */
  mouthOpenness: number;
  /** face box area / image area, for guidance ("move closer") */
  sizeRatio: number;
  /** the 478 mesh points [x, y, z] in image pixels (468 face + 10 iris), for overlays and tests;
   * not kept in decisions */
  landmarks: number[][];
}

/** What the engine keeps of one frame: enough to judge it and to cite it as evidence. */
export interface FrameAnalysis {
  /** SHA-256 (hex) of the bytes analysed: the uploaded file for a Buffer, else the raw pixels */
  sha256: string;
  width: number;
  height: number;
  /** 32×32 grey thumbnail (1024 bytes) used to spot the same picture re-sent with other bytes */
  thumb: Uint8Array;
  faces: FaceAnalysis[];
  /** milliseconds spent in analysis */
  ms: number;
}

export interface ModelInfo {
  name: string;
  /** file name of the model's graph, relative to the models directory */
  file: string;
  /** SHA-256 of the graph JSON and its weight files, concatenated in manifest order */
  sha256: string;
}

export interface EngineInfo {
  library: string;
  version: string;
  backend: string;
  models: ModelInfo[];
}

export type Challenge = 'blink' | 'turn-left' | 'turn-right' | 'open-mouth';
export const ALL_CHALLENGES: readonly Challenge[] = ['blink', 'turn-left', 'turn-right', 'open-mouth'];

export interface MatchThresholds {
  /** two faces are the same person when similarity ≥ this */
  match: number;
}

/** Which detections count as people (faces.ts; measured in docs/FACE.md, "Counting faces"). */
export interface FaceCountThresholds {
  /** two boxes are one face when this share of the smaller lies inside the other, or when they
   * overlap at all and their descriptors are at least `sameSession` similar */
  faceMergeOverlap: number;
  sameSession: number;
  /** a second face counts only with at least this detector confidence … */
  secondFaceScore: number;
  /** … and a box of at least this share of the main face's box area (a passport's ghost portrait
   * and a poster on the wall are smaller) … */
  secondFaceShare: number;
  /** … or at least this share of the frame's width (someone standing further back) */
  secondFaceWidth: number;
}

export interface LivenessThresholds extends FaceCountThresholds {
  minFrames: number;
  maxFrames: number;
  /** median anti-spoof score over the frames must reach this */
  antispoof: number;
  /** median liveness score over the frames must reach this */
  liveness: number;
  /** every frame's face must be this similar to the first frame's face */
  sameSession: number;
  /** a frame whose 32×32 grey thumbnail differs from the previous one by less than this mean
   * absolute value (0–255 scale) is the same picture sent again */
  duplicateMeanDiff: number;
  /** repeated frames (same bytes, or the previous frame's picture) tolerated, as a share of the
   * frames after the first: a slow camera repeats a few, a replayed photo nearly all */
  duplicateMaxShare: number;
  /** the baseline (first frames) must face the camera within this yaw, degrees */
  baselineMaxYaw: number;
  /** a turn must move the yaw this far from the baseline in the asked direction, degrees */
  turnYaw: number;
  /** blink: eye openness must fall below baseline × this … */
  blinkClosedRatio: number;
  /** … and later come back above baseline × this */
  blinkReopenRatio: number;
  /** open-mouth: mouth openness must rise by at least this above the baseline … */
  mouthOpenDelta: number;
  /** … and reach at least this */
  mouthOpenMin: number;
  /** number of leading frames that form the baseline */
  baselineFrames: number;
}

export interface Thresholds extends MatchThresholds, LivenessThresholds {}

export type LivenessFailure =
  | 'frame-count'
  | 'no-face'
  | 'multiple-faces'
  | 'duplicate-frame'
  | 'different-person'
  | 'antispoof'
  | 'liveness'
  | 'no-baseline'
  | 'action-not-observed'
  | 'wrong-direction';

export interface LivenessCheck {
  rule: LivenessFailure;
  passed: boolean;
  /** measured value(s) and the threshold they were held against */
  value?: number;
  threshold?: number;
  frame?: number;
  message: string;
}

/** A liveness decision: everything the notary needs to see why it passed or failed. */
export interface LivenessDecision {
  passed: boolean;
  challenge: Challenge;
  /** the first failed rule's message (Chinese, with the next step), empty when passed */
  reason: string;
  failures: LivenessFailure[];
  checks: LivenessCheck[];
  thresholds: LivenessThresholds;
  frames: Array<{
    index: number;
    sha256: string;
    /** faces that count as people (faces.ts) */
    faces: number;
    /** every face the detector reported, counted or not */
    detections: number;
    /** the same picture as an earlier frame: left out of the other rules */
    repeat?: boolean;
    antispoof?: number;
    liveness?: number;
    yaw?: number;
    pitch?: number;
    roll?: number;
    eyeOpenness?: number;
    mouthOpenness?: number;
    similarityToFirst?: number;
  }>;
  scores: { antispoofMedian: number; livenessMedian: number; minSimilarity: number; action: number };
  /** the embedding of the best frontal frame: becomes the application's reference face */
  referenceEmbedding?: number[];
  engine?: EngineInfo;
  decidedAt: string;
}

export interface MatchDecision {
  score: number;
  match: boolean;
  threshold: number;
  engine?: EngineInfo;
  decidedAt: string;
}
