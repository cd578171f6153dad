// The engine core, shared by node.ts and browser.ts: runs Human on RGB pixels and turns its
// results into FaceAnalysis. It knows no file system, no canvas and no crypto implementation.
import type { FaceResult, Human } from '@vladmandic/human';
import { eyeOpenness, mouthOpenness, poseFromHuman } from './geometry';
import { thumbnail } from './frame';
import { compare } from './match';
import type { Box, EngineInfo, FaceAnalysis, FrameAnalysis, RgbImage, Thresholds } from './types';

export interface FaceEngine<I = RgbImage> {
  /** Detect and describe every face in one frame. Calls are queued: one inference at a time. */
  analyze(input: I | RgbImage): Promise<FrameAnalysis>;
  /** Similarity of two descriptors in [0, 1]. */
  compare(a: readonly number[], b: readonly number[]): number;
  readonly thresholds: Thresholds;
  readonly info: EngineInfo;
  /** tensors held by tfjs: steady after warm-up; growth means a leak (for health checks) */
  memory(): { tensors: number; bytes: number };
  dispose(): void;
}

export interface CoreDeps {
  human: Human;
  /** runs inferences one at a time; shared by every engine over the same Human instance */
  serial: <T>(task: () => Promise<T>) => Promise<T>;
  info: EngineInfo;
  thresholds: Thresholds;
  sha256(bytes: Uint8Array): Promise<string>;
}

/** Two boxes are one face when the smaller lies mostly inside the bigger (Human can report a
 * face twice, once per detector scale). */
function sameFace(a: Box, b: Box): boolean {
  const x0 = Math.max(a[0], b[0]);
  const y0 = Math.max(a[1], b[1]);
  const x1 = Math.min(a[0] + a[2], b[0] + b[2]);
  const y1 = Math.min(a[1] + a[3], b[1] + b[3]);
  const inter = Math.max(0, x1 - x0) * Math.max(0, y1 - y0);
  const smaller = Math.min(a[2] * a[3], b[2] * b[3]);
  return smaller > 0 && inter / smaller > 0.5;
}

export function toFaceAnalysis(f: FaceResult, width: number, height: number): FaceAnalysis {
  const box: Box = [f.box[0], f.box[1], f.box[2], f.box[3]];
  return {
    box,
    detectionScore: f.boxScore,
    embedding: f.embedding ? Array.from(f.embedding) : [],
    antispoof: f.real ?? 0,
    liveness: f.live ?? 0,
    pose: poseFromHuman(f.rotation?.angle),
    eyeOpenness: eyeOpenness(f.mesh),
    mouthOpenness: mouthOpenness(f.mesh),
    sizeRatio: (box[2] * box[3]) / Math.max(1, width * height),
    landmarks: f.mesh.map((p) => [p[0], p[1], p[2] ?? 0]),
  };
}

/** The biggest face by box area (a document has one portrait; ghost images and holograms are smaller). */
export function largestFace(frame: FrameAnalysis): FaceAnalysis | undefined {
  return [...frame.faces].sort((a, b) => b.box[2] * b.box[3] - a.box[2] * a.box[3])[0];
}

/** Keep distinct faces, best detection first. */
export function distinctFaces(faces: FaceAnalysis[]): FaceAnalysis[] {
  const sorted = [...faces].sort((a, b) => b.detectionScore - a.detectionScore);
  const kept: FaceAnalysis[] = [];
  for (const f of sorted) if (!kept.some((k) => sameFace(k.box, f.box))) kept.push(f);
  return kept;
}

/** BlazeFace's input side, pixels */
const DETECTOR_INPUT = 256;
/** a detection this sure needs no second look at the frame's quarters */
const SURE_DETECTION = 0.8;
/** each quarter's side as a share of the (square) frame: they overlap by a fifth */
const TILE_SHARE = 0.6;
/** box-blur side, pixels, for the moiré pass (a phone's re-photographed screen: 2.5–4.5 px pitch) */
const MOIRE_BLUR = 5;

export function createEngineCore(deps: CoreDeps) {
  const { human } = deps;

  async function run(rgb: RgbImage, sha256: string): Promise<FrameAnalysis> {
    const t0 = performance.now();
    const tf = human.tf;
    // Pad to a square: the detector squeezes its input to 256×256, and a tall or wide frame then
    // yields a face box (and a descriptor) off by a lot — person-b-1.jpg (970×2204) matched other
    // people at 0.44 unpadded and its own passport at 0.63; padded, 0.26 and 0.94.
    const side = Math.max(rgb.width, rgb.height);
    const left = Math.floor((side - rgb.width) / 2);
    const top = Math.floor((side - rgb.height) / 2);
    const tensor = tf.tidy(() =>
      tf.pad(
        tf.tensor3d(rgb.data, [rgb.height, rgb.width, 3], 'int32'),
        [
          [top, side - rgb.height - top],
          [left, side - rgb.width - left],
          [0, 0],
        ],
        128,
      ),
    );
    const detect = async (input: unknown, dx: number, dy: number) => {
      const result = await human.detect(input as never);
      if (result.error) throw new Error(`face engine: ${result.error}`);
      return result.face.map((f) => {
        const face = toFaceAnalysis(f, rgb.width, rgb.height);
        face.box = [face.box[0] + dx, face.box[1] + dy, face.box[2], face.box[3]];
        face.landmarks = face.landmarks.map(([x, y, z]) => [x! + dx, y! + dy, z!]);
        face.sizeRatio = (face.box[2] * face.box[3]) / Math.max(1, rgb.width * rgb.height);
        return face;
      });
    };
    try {
      let faces = await detect(tensor, -left, -top);
      // A small face (under ~10 % of the frame's width) shrinks below what the detector finds in
      // its 256-pixel input. When no face was found with confidence, look again at four
      // overlapping quarters, each enlarged to the detector's input (docs/FACE.md, "Counting faces").
      if (side >= 2 * DETECTOR_INPUT && !faces.some((f) => f.detectionScore >= SURE_DETECTION)) {
        const tile = Math.round(side * TILE_SHARE);
        for (const [x0, y0] of [
          [0, 0],
          [side - tile, 0],
          [0, side - tile],
          [side - tile, side - tile],
        ] as const) {
          const part = tf.slice(tensor, [y0, x0, 0], [tile, tile, 3]);
          try {
            faces.push(...(await detect(part, x0 - left, y0 - top)));
          } finally {
            tf.dispose(part);
          }
        }
      }
      // A screen photographed again carries moiré that can hide a face from the detector: look
      // once more through a small box blur, which wipes out patterns of a few pixels' pitch.
      if (!faces.some((f) => f.detectionScore >= SURE_DETECTION)) {
        const smooth = tf.tidy(() => tf.avgPool(tf.cast(tensor, 'float32') as never, MOIRE_BLUR, 1, 'same'));
        try {
          faces.push(...(await detect(smooth, -left, -top)));
        } finally {
          tf.dispose(smooth);
        }
      }
      faces = distinctFaces(faces);
      return { sha256, width: rgb.width, height: rgb.height, thumb: thumbnail(rgb), faces, ms: performance.now() - t0 };
    } finally {
      human.tf.dispose(tensor);
    }
  }

  /** Analyse raw pixels; `sha256` is the hash of the bytes the caller received (the upload). */
  function analyzeRgb(rgb: RgbImage, sha256?: string): Promise<FrameAnalysis> {
    return deps.serial(async () => run(rgb, sha256 ?? (await deps.sha256(rgb.data))));
  }

  return {
    analyzeRgb,
    compare,
    thresholds: deps.thresholds,
    info: deps.info,
    memory() {
      const m = human.tf.memory();
      return { tensors: m.numTensors, bytes: m.numBytes };
    },
    /** Human keeps its models per process (module state), shared by every engine: nothing to free
     * per engine. Kept so callers can treat the engine as a resource. */
    dispose() {},
  };
}

/** A one-at-a-time task queue (Human's detect() is not re-entrant on one instance). */
export function serialQueue() {
  let tail: Promise<unknown> = Promise.resolve();
  return <T>(task: () => Promise<T>): Promise<T> => {
    const next = tail.then(task);
    tail = next.catch(() => undefined);
    return next;
  };
}
