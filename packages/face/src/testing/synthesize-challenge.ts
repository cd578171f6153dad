// Makes a still portrait perform a liveness challenge, for tests, the demo and the browser's fake
// camera. The fixtures are photos; liveness needs motion, so we make it: each frame is the
// portrait with the action applied by a pixel edit (warp.ts) and its own sensor noise.
import sharp from 'sharp';
import { judgeLiveness } from '../liveness';
import { decodeImage, type NodeFaceEngine } from '../node';
import type { Challenge, FaceAnalysis, RgbImage, Thresholds } from '../types';
import { addNoise, closeEyes, jitter, openMouth, turnHead, type FaceGeometry } from './warp';

export interface SynthesizeOptions {
  /** frames in the series (default 10) */
  frames?: number;
  width?: number;
  height?: number;
  /** JPEG quality of the frames (default 90, like a browser's canvas.toBlob) */
  quality?: number;
  /** makes the noise different between two series of the same portrait */
  seed?: number;
  /** check the series passes judgeLiveness and adjust the edit if not (default true); throws
   * when the portrait cannot perform the challenge (e.g. a photo whose mouth is already open) */
  verify?: boolean;
  /** thresholds to calibrate the action against (default: the engine's) */
  thresholds?: Partial<Thresholds>;
}

/** Crop and scale the portrait to a camera frame with the face about 45 % of the frame's height. */
export async function portraitToFrame(
  engine: NodeFaceEngine,
  portrait: Buffer,
  width = 640,
  height = 480,
): Promise<RgbImage> {
  const first = await engine.analyze(portrait);
  const face = [...first.faces].sort((a, b) => b.box[2] * b.box[3] - a.box[2] * a.box[3])[0];
  if (!face) throw new Error('synthesize: no face in the portrait');
  const scale = (height * 0.45) / face.box[3];
  const cx = (face.box[0] + face.box[2] / 2) * scale;
  const cy = (face.box[1] + face.box[3] / 2) * scale;
  const meta = await sharp(portrait).metadata();
  const W = Math.round((meta.width ?? 0) * scale);
  const H = Math.round((meta.height ?? 0) * scale);
  const scaled = await sharp(portrait).rotate().resize(W, H, { fit: 'fill' }).removeAlpha().raw().toBuffer();
  // put the face at the frame's centre; grey where the photo ends
  const padded = await sharp(scaled, { raw: { width: W, height: H, channels: 3 } })
    .extend({ left: width, top: height, right: width, bottom: height, background: '#7f7f7f' })
    .raw()
    .toBuffer();
  const canvas = await sharp(padded, { raw: { width: W + 2 * width, height: H + 2 * height, channels: 3 } })
    .extract({ left: Math.round(cx - width / 2) + width, top: Math.round(cy - height / 2) + height, width, height })
    .png()
    .toBuffer();
  return decodeImage(canvas);
}

async function encode(img: RgbImage, quality: number): Promise<Buffer> {
  return sharp(Buffer.from(img.data.buffer, img.data.byteOffset, img.data.byteLength), {
    raw: { width: img.width, height: img.height, channels: 3 },
  })
    .jpeg({ quality })
    .toBuffer();
}

/** Camera effects of frame i: sway of about 2 px, 1.5 % exposure flicker, sensor noise. */
function camera(img: RgbImage, i: number, seed: number): RgbImage {
  const dx = 2 * Math.sin(i * 1.7 + seed);
  const dy = 1.5 * Math.cos(i * 2.3 + seed);
  return addNoise(jitter(img, dx, dy, 1 + 0.015 * Math.sin(i * 1.1 + seed)), seed * 1000 + i);
}

interface Framed {
  base: RgbImage;
  face: FaceAnalysis;
  g: FaceGeometry;
}

/** The edit for one challenge at strength s (0…1) of the calibrated peak. */
function perform(challenge: Challenge, f: Framed, peak: number, s: number): RgbImage {
  if (s <= 0) return f.base;
  switch (challenge) {
    case 'turn-left':
      return turnHead(f.base, f.g, peak * s);
    case 'turn-right':
      return turnHead(f.base, f.g, -peak * s);
    case 'blink':
      return closeEyes(f.base, f.face.landmarks, s);
    case 'open-mouth':
      return openMouth(f.base, f.face.landmarks, f.g.ry * peak * s);
  }
}

/**
 * Find the smallest edit the engine reads as the action with a margin over the thresholds, while
 * the face stays recognisably the same person. Portraits differ (pose, size, lighting), so a fixed
 * warp angle would be too weak for one and destroy another.
 */
async function calibrate(engine: NodeFaceEngine, challenge: Challenge, f: Framed, t: Thresholds): Promise<number> {
  const measure = async (peak: number) => {
    const face = (await engine.analyze(perform(challenge, f, peak, 1))).faces[0];
    if (!face) return undefined;
    return { face, sim: engine.compare(f.face.embedding, face.embedding) };
  };
  const sameEnough = t.sameSession + 0.05;
  if (challenge === 'blink') return 1;
  if (challenge === 'open-mouth') {
    let best = { peak: 0.25, open: -1 };
    for (const peak of [0.1, 0.15, 0.2, 0.25, 0.3, 0.35]) {
      const m = await measure(peak);
      if (m && m.sim >= sameEnough && m.face.mouthOpenness > best.open) best = { peak, open: m.face.mouthOpenness };
    }
    return best.peak;
  }
  const sign = challenge === 'turn-left' ? 1 : -1;
  let best = { peak: 35, delta: -Infinity };
  for (const peak of [25, 30, 35, 40, 45, 50, 55, 60]) {
    const m = await measure(peak);
    if (!m || m.sim < sameEnough) continue;
    const delta = sign * (m.face.pose.yaw - f.face.pose.yaw);
    if (delta >= t.turnYaw + 5) return peak;
    if (delta > best.delta) best = { peak, delta };
  }
  return best.peak;
}

/** Strength of each frame: rest (baseline), the action ramping up and held, rest again. */
export function actionProfile(n: number, challenge: Challenge): number[] {
  const rest = Math.max(2, Math.round(n * 0.3));
  const back = Math.max(1, Math.round(n * 0.2));
  const act = Math.max(1, n - rest - back);
  const ramp = challenge === 'blink' ? [0.6] : [0.5]; // eyes half shut / head half turned first
  const action = [...ramp, ...new Array<number>(Math.max(0, act - ramp.length)).fill(1)].slice(0, act);
  return [...new Array<number>(rest).fill(0), ...action, ...new Array<number>(back).fill(0)].slice(0, n);
}

/**
 * A series of JPEG frames in which the portrait performs `challenge`: rest, the action, rest.
 * All four challenges can be synthesized; docs/FACE.md says how far each edit is from a real
 * movement. Frames differ like camera frames (sway, flicker, noise), never byte- or pixel-equal.
 */
export async function synthesizeChallenge(
  engine: NodeFaceEngine,
  portrait: Buffer,
  challenge: Challenge,
  options: SynthesizeOptions = {},
): Promise<Buffer[]> {
  const n = options.frames ?? 10;
  const seed = options.seed ?? 1;
  const t = { ...engine.thresholds, ...options.thresholds };
  const base = await portraitToFrame(engine, portrait, options.width, options.height);
  const face = (await engine.analyze(base)).faces[0];
  if (!face) throw new Error('synthesize: no face in the framed portrait');
  const [x, y, w, h] = face.box;
  const framed: Framed = { base, face, g: { cx: x + w / 2, cy: y + h / 2, rx: w * 0.6, ry: h * 0.7 } };
  const peak = await calibrate(engine, challenge, framed, t);
  // camera sway changes what the mesh reads, so check the whole series and adjust if needed
  const step = challenge === 'open-mouth' ? 0.05 : challenge === 'blink' ? 0 : 5;
  const tries = step ? [peak, peak - step, peak + step, peak - 2 * step] : [peak];
  let last = '';
  // the camera's sway under some seeds hides the action whatever its strength (a1, seed 51,
  // turn-left): then the "camera" films another moment, as a person would simply try again
  for (const moment of [seed, seed + 1000, seed + 2000]) {
    for (const p of tries) {
      const frames: Buffer[] = [];
      for (const [i, s] of actionProfile(n, challenge).entries()) {
        frames.push(await encode(camera(perform(challenge, framed, p, s), i, moment), options.quality ?? 90));
      }
      if (options.verify === false) return frames;
      const analysed = [];
      for (const f of frames) analysed.push(await engine.analyze(f));
      const decision = judgeLiveness(challenge, analysed, t);
      if (decision.passed) return frames;
      last = decision.failures.join(', ');
    }
  }
  throw new Error(`synthesize: cannot make this portrait perform "${challenge}" as the engine measures it (${last})`);
}

/** A photo held to the camera: the same pose in every frame; sway, flicker and noise differ. */
export async function stillSeries(engine: NodeFaceEngine, portrait: Buffer, n = 10, seed = 7): Promise<Buffer[]> {
  const base = await portraitToFrame(engine, portrait);
  const frames: Buffer[] = [];
  for (let i = 0; i < n; i++) frames.push(await encode(camera(base, i, seed), 90));
  return frames;
}
