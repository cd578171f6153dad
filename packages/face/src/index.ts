// Browser-safe entry: types and pure rules. The engines are in `@netsign/face/node` (server)
// and `@netsign/face/browser` (WebGL/WASM in the page).
export * from './types';
export { DEFAULT_THRESHOLDS, MODEL_NAMES, faceConfigFromEnv, humanConfig } from './config';
export { compare, isMatch, meanEmbedding } from './match';
export { eyeOpenness, mouthOpenness, noseOffset, poseFromHuman } from './geometry';
export { thumbnail, thumbDiff } from './frame';
export type { FaceEngine } from './engine';
export { judgeLiveness, pickChallenge, type JudgeOptions } from './liveness';
export {
  FaceError,
  LocalIdentityVerifier,
  type FaceSource,
  type IdentityVerifier,
  type RealNameRequest,
  type RealNameResult,
} from './verifier';
