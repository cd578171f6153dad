// Node.js build of the engine: Human's wasm bundle, model files read from node_modules, images
// decoded with sharp. tfjs-node cannot be installed here, so nothing below needs a native tfjs.
import { createHash } from 'node:crypto';
import { readFile } from 'node:fs/promises';
import { createRequire } from 'node:module';
import path from 'node:path';
import type { Human } from '@vladmandic/human';
import sharp from 'sharp';
import { DEFAULT_THRESHOLDS, MODEL_NAMES, humanConfig } from './config';
import { createEngineCore, serialQueue, type FaceEngine } from './engine';
import type { EngineInfo, FrameAnalysis, ModelInfo, RgbImage, Thresholds } from './types';

const require = createRequire(import.meta.url);
// Human's package "exports" keys lack "./", so subpaths cannot be resolved by name: go via its main.
const humanDist = path.dirname(require.resolve('@vladmandic/human'));
export const HUMAN_MODELS_DIR = path.resolve(humanDist, '../models');
const WASM_DIR = path.join(path.dirname(require.resolve('@tensorflow/tfjs-backend-wasm')), '/');

export interface NodeEngineOptions {
  /** overrides of DEFAULT_THRESHOLDS */
  thresholds?: Partial<Thresholds>;
  /** directory holding <model>.json/.bin (default: the models shipped in @vladmandic/human) */
  modelsDir?: string;
}

export type NodeFaceEngine = FaceEngine<Buffer | Uint8Array> & {
  /** milliseconds the process spent loading the models (for the bench and the startup log) */
  readonly loadMs: number;
};

export function sha256Hex(bytes: Uint8Array): string {
  return createHash('sha256').update(bytes).digest('hex');
}

/**
 * Decode any image sharp reads (JPEG, PNG, WebP…) to 8-bit RGB, honouring EXIF rotation, and
 * shrink it to at most `maxSide` pixels: the wasm heap grows to the largest frame ever analysed and
 * never shrinks (a 12-megapixel phone photo would keep ~0.5 GB), and faces need far fewer pixels.
 */
export async function decodeImage(bytes: Uint8Array, maxSide = 1280): Promise<RgbImage> {
  const { data, info } = await sharp(bytes, { limitInputPixels: 50_000_000 })
    .rotate()
    .resize(maxSide, maxSide, { fit: 'inside', withoutEnlargement: true })
    .removeAlpha()
    .toColourspace('srgb')
    .raw()
    .toBuffer({ resolveWithObject: true });
  return {
    data: new Uint8Array(data.buffer, data.byteOffset, data.byteLength),
    width: info.width,
    height: info.height,
  };
}

/** Boxes and landmarks back in the coordinates of the image as uploaded (after EXIF rotation). */
function rescale(frame: FrameAnalysis, width: number, height: number): FrameAnalysis {
  const k = width / frame.width;
  if (Math.abs(k - 1) < 1e-9) return frame;
  for (const f of frame.faces) {
    f.box = [f.box[0] * k, f.box[1] * k, f.box[2] * k, f.box[3] * k];
    f.landmarks = f.landmarks.map(([x, y, z]) => [x! * k, y! * k, z! * k]);
  }
  return { ...frame, width, height };
}

type WeightsManifest = Array<{ paths: string[]; weights: unknown[] }>;

/** A tfjs IO handler that reads a graph model from disk (tfjs' own file:// handler lives in tfjs-node). */
function diskModelLoader(jsonPath: string) {
  return {
    async load() {
      const json = JSON.parse(await readFile(jsonPath, 'utf8')) as Record<string, unknown> & {
        weightsManifest: WeightsManifest;
      };
      const specs: unknown[] = [];
      const parts: Buffer[] = [];
      for (const group of json.weightsManifest) {
        specs.push(...group.weights);
        for (const p of group.paths) parts.push(await readFile(path.join(path.dirname(jsonPath), p)));
      }
      const all = Buffer.concat(parts);
      return {
        modelTopology: json.modelTopology,
        weightSpecs: specs,
        weightData: all.buffer.slice(all.byteOffset, all.byteOffset + all.byteLength),
        format: json.format,
        generatedBy: json.generatedBy,
        convertedBy: json.convertedBy,
        signature: json.signature,
        userDefinedMetadata: json.userDefinedMetadata,
      };
    },
  };
}

async function modelInfo(dir: string, name: string): Promise<ModelInfo> {
  const file = `${name}.json`;
  const json = await readFile(path.join(dir, file));
  const hash = createHash('sha256').update(json);
  for (const group of (JSON.parse(json.toString('utf8')) as { weightsManifest: WeightsManifest }).weightsManifest) {
    for (const p of group.paths) hash.update(await readFile(path.join(dir, p)));
  }
  return { name, file, sha256: hash.digest('hex') };
}

let routerInstalled = false;

interface Loaded {
  human: Human;
  info: EngineInfo;
  serial: ReturnType<typeof serialQueue>;
  loadMs: number;
}

// Human holds its models in module state: one load per process and models directory.
const loadedByDir = new Map<string, Promise<Loaded>>();

async function load(modelsDir: string): Promise<Loaded> {
  const t0 = performance.now();
  const { Human: HumanClass } = require(path.join(humanDist, 'human.node-wasm.js')) as {
    Human: new (c: unknown) => Human;
  };
  const human = new HumanClass(
    humanConfig({ backend: 'wasm', modelBasePath: `file://${modelsDir}/`, wasmPath: WASM_DIR }),
  );
  if (!routerInstalled) {
    // one tfjs-core instance per process, so one router serves every engine
    human.tf.io.registerLoadRouter((url: string | string[]) =>
      typeof url === 'string' && url.startsWith('file://')
        ? (diskModelLoader(url.slice('file://'.length)) as never)
        : null,
    );
    routerInstalled = true;
  }
  // The wasm runtime (emscripten) adds process-wide uncaughtException/unhandledRejection handlers
  // that rethrow and print its whole minified source. Take them off: the host process decides.
  const before = { e: process.listeners('uncaughtException'), r: process.listeners('unhandledRejection') };
  await human.init();
  for (const l of process.listeners('uncaughtException'))
    if (!before.e.includes(l)) process.off('uncaughtException', l);
  for (const l of process.listeners('unhandledRejection'))
    if (!before.r.includes(l)) process.off('unhandledRejection', l);
  await human.load();
  const loaded = human.models.loaded();
  const missing = MODEL_NAMES.filter((m) => !loaded.includes(m));
  if (missing.length) throw new Error(`face engine: models not loaded: ${missing.join(', ')} (from ${modelsDir})`);
  const info: EngineInfo = {
    library: '@vladmandic/human',
    version: human.version,
    backend: human.tf.getBackend(),
    models: await Promise.all(MODEL_NAMES.map((m) => modelInfo(modelsDir, m))),
  };
  const serial = serialQueue();
  // first inference compiles kernels: pay it here, not in the first user's request
  const warm = createEngineCore({
    human,
    info,
    serial,
    thresholds: DEFAULT_THRESHOLDS,
    sha256: async (b) => sha256Hex(b),
  });
  await warm.analyzeRgb({ data: new Uint8Array(64 * 64 * 3).fill(128), width: 64, height: 64 }, 'warmup');
  return { human, info, serial, loadMs: performance.now() - t0 };
}

/**
 * A ready engine. The first call loads the models (about a quarter of a second on 2 cores, see
 * docs/FACE.md); later calls in the same process reuse them and only differ in thresholds.
 * Create it once at startup and share it: analyze() queues calls, one inference at a time.
 */
export async function createFaceEngine(options: NodeEngineOptions = {}): Promise<NodeFaceEngine> {
  const modelsDir = path.resolve(options.modelsDir ?? HUMAN_MODELS_DIR);
  let loading = loadedByDir.get(modelsDir);
  if (!loading) {
    if (loadedByDir.size > 0)
      throw new Error('face engine: one models directory per process (Human keeps models in module state)');
    loading = load(modelsDir);
    loadedByDir.set(modelsDir, loading);
    loading.catch(() => loadedByDir.delete(modelsDir));
  }
  const { human, info, serial, loadMs } = await loading;
  const core = createEngineCore({
    human,
    info,
    serial,
    thresholds: { ...DEFAULT_THRESHOLDS, ...options.thresholds },
    sha256: async (b) => sha256Hex(b),
  });
  return {
    ...core,
    loadMs,
    async analyze(input) {
      if (input instanceof Uint8Array) {
        const rgb = await decodeImage(input);
        const { width = rgb.width, height = rgb.height, orientation = 1 } = await sharp(input).metadata();
        const [w, h] = orientation >= 5 ? [height, width] : [width, height]; // EXIF 5–8 swap the sides
        return rescale(await core.analyzeRgb(rgb, sha256Hex(input)), w, h);
      }
      return core.analyzeRgb(input);
    },
  };
}
