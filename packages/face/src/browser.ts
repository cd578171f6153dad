// Browser build of the engine, for guidance while capturing ("turn a little more", "only you in
// view"). It runs the same models and rules as the server, but the server decides: it re-analyses
// the uploaded frames itself and never trusts a verdict from here.
import type { Human } from '@vladmandic/human';
import { DEFAULT_THRESHOLDS, humanConfig } from './config';
import { createEngineCore, serialQueue, type FaceEngine } from './engine';
import { toHex } from './frame';
import type { EngineInfo, RgbImage, Thresholds } from './types';

export interface BrowserEngineOptions {
  /** URL of the directory serving blazeface.json, facemesh.json, … (copy node_modules/@vladmandic/human/models) */
  modelBaseUrl: string;
  /** 'webgl' (default) or 'wasm'; for wasm also give wasmUrl (the tfjs-backend-wasm dist directory) */
  backend?: 'webgl' | 'wasm';
  wasmUrl?: string;
  thresholds?: Partial<Thresholds>;
}

/** Pixels from a <video> or <canvas>, as the frames the page will upload. */
export function grabFrame(
  source: HTMLVideoElement | HTMLCanvasElement,
  canvas = document.createElement('canvas'),
): RgbImage {
  const width = source instanceof HTMLVideoElement ? source.videoWidth : source.width;
  const height = source instanceof HTMLVideoElement ? source.videoHeight : source.height;
  canvas.width = width;
  canvas.height = height;
  const ctx = canvas.getContext('2d', { willReadFrequently: true })!;
  ctx.drawImage(source, 0, 0, width, height);
  const rgba = ctx.getImageData(0, 0, width, height).data;
  const rgb = new Uint8Array(width * height * 3);
  for (let i = 0, j = 0; i < rgba.length; i += 4, j += 3) {
    rgb[j] = rgba[i]!;
    rgb[j + 1] = rgba[i + 1]!;
    rgb[j + 2] = rgba[i + 2]!;
  }
  return { data: rgb, width, height };
}

export async function createFaceEngine(options: BrowserEngineOptions): Promise<FaceEngine> {
  // the ESM bundle carries its own tfjs with the WebGL and WASM backends
  const { Human: HumanClass } = (await import('@vladmandic/human')) as unknown as { Human: new (c: unknown) => Human };
  const base = options.modelBaseUrl.endsWith('/') ? options.modelBaseUrl : `${options.modelBaseUrl}/`;
  const human = new HumanClass(
    humanConfig({ backend: options.backend ?? 'webgl', modelBasePath: base, wasmPath: options.wasmUrl }),
  );
  await human.init();
  await human.load();
  const info: EngineInfo = {
    library: '@vladmandic/human',
    version: human.version,
    backend: human.tf.getBackend(),
    models: human.models.loaded().map((name) => ({ name, file: `${name}.json`, sha256: '' })), // hashes: server side only
  };
  const core = createEngineCore({
    human,
    info,
    serial: serialQueue(),
    thresholds: { ...DEFAULT_THRESHOLDS, ...options.thresholds },
    sha256: async (bytes) => toHex(await crypto.subtle.digest('SHA-256', bytes as Uint8Array<ArrayBuffer>)),
  });
  return { ...core, analyze: (input: RgbImage) => core.analyzeRgb(input) };
}
