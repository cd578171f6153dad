// Engine configuration shared by the Node and browser builds. Pure data.
import { ALL_CHALLENGES, type Challenge, type Thresholds } from './types';

/** Models the engine runs, in the order their hashes are reported. */
export const MODEL_NAMES = ['blazeface', 'facemesh', 'iris', 'faceres', 'antispoof', 'liveness'] as const;

/**
 * Thresholds measured on the fixtures and their augmentations (docs/FACE.md, "Thresholds").
 * Every value is overridable through `createFaceEngine({ thresholds })`.
 */
export const DEFAULT_THRESHOLDS: Thresholds = {
  match: 0.55,
  minFrames: 5,
  maxFrames: 30,
  antispoof: 0.5,
  liveness: 0.5,
  sameSession: 0.55,
  duplicateMeanDiff: 0.8,
  duplicateMaxShare: 0.2,
  baselineFrames: 2,
  baselineMaxYaw: 15,
  turnYaw: 15,
  blinkClosedRatio: 0.7,
  blinkReopenRatio: 0.85,
  mouthOpenDelta: 0.15,
  mouthOpenMin: 0.3,
  faceMergeOverlap: 0.5,
  secondFaceScore: 0.8,
  secondFaceShare: 0.4,
  secondFaceWidth: 0.12,
};

/**
 * Human configuration for decisions: every cache and frame-skipping shortcut is off, because the
 * server must judge each frame on its own pixels (Human otherwise reuses results between
 * similar frames, which would let a replayed frame inherit an earlier verdict).
 */
export function humanConfig(base: { backend: string; modelBasePath: string; wasmPath?: string }) {
  const off = { skipFrames: 0, skipTime: 0 };
  return {
    backend: base.backend,
    modelBasePath: base.modelBasePath,
    wasmPath: base.wasmPath ?? '',
    debug: false,
    async: true,
    warmup: 'none' as const,
    cacheModels: false,
    cacheSensitivity: 0,
    skipAllowed: false,
    deallocate: false,
    filter: { enabled: false },
    face: {
      enabled: true,
      detector: {
        enabled: true,
        rotation: true,
        maxDetected: 5,
        minConfidence: 0.3,
        iouThreshold: 0.1,
        return: false,
        ...off,
      },
      mesh: { enabled: true, ...off },
      iris: { enabled: true, ...off },
      description: { enabled: true, ...off },
      antispoof: { enabled: true, ...off },
      liveness: { enabled: true, ...off },
      emotion: { enabled: false },
      attention: { enabled: false },
      gear: { enabled: false },
    },
    body: { enabled: false },
    hand: { enabled: false },
    object: { enabled: false },
    gesture: { enabled: false },
    segmentation: { enabled: false },
  };
}

/**
 * Deployment overrides from the environment: NETSIGN_FACE_<THRESHOLD> (e.g. NETSIGN_FACE_MATCH=0.6,
 * NETSIGN_FACE_TURN_YAW=20) and NETSIGN_FACE_CHALLENGES=blink,turn-left (default: all four).
 */
export function faceConfigFromEnv(env: Record<string, string | undefined>): {
  thresholds: Partial<Thresholds>;
  challenges: Challenge[];
} {
  const thresholds: Partial<Thresholds> = {};
  for (const key of Object.keys(DEFAULT_THRESHOLDS) as (keyof Thresholds)[]) {
    const name = `NETSIGN_FACE_${key.replace(/[A-Z]/g, (c) => `_${c}`).toUpperCase()}`;
    const raw = env[name];
    if (raw === undefined || raw === '') continue;
    const value = Number(raw);
    if (!Number.isFinite(value)) throw new Error(`${name}: not a number: ${raw}`);
    thresholds[key] = value;
  }
  const listed = (env.NETSIGN_FACE_CHALLENGES ?? '')
    .split(',')
    .map((s) => s.trim())
    .filter(Boolean);
  const unknown = listed.filter((c) => !(ALL_CHALLENGES as readonly string[]).includes(c));
  if (unknown.length)
    throw new Error(
      `NETSIGN_FACE_CHALLENGES: unknown challenge(s) ${unknown.join(', ')}; allowed: ${ALL_CHALLENGES.join(', ')}`,
    );
  return { thresholds, challenges: listed.length ? (listed as Challenge[]) : [...ALL_CHALLENGES] };
}
