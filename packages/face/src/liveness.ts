// The liveness decision: did one live person perform the asked action in these frames? Pure: it
// reads FrameAnalysis values only, so the server decides from frames it analysed itself.
import { countedFaces } from './faces';
import { thumbDiff } from './frame';
import { compare, meanEmbedding } from './match';
import type {
  Challenge,
  EngineInfo,
  FaceAnalysis,
  FrameAnalysis,
  LivenessCheck,
  LivenessDecision,
  LivenessFailure,
  LivenessThresholds,
} from './types';

const MESSAGES: Record<LivenessFailure, string> = {
  'frame-count': '采集的画面数量不对，请重新采集 / wrong number of frames, please capture again',
  'no-face': '有画面中未检测到人脸，请正对镜头 / no face found in a frame, please face the camera',
  'multiple-faces': '画面中有多张人脸，请确保只有本人入镜 / more than one face in a frame, only you may be in view',
  'duplicate-frame': '同一画面被重复提交 / same frame sent repeatedly',
  'different-person': '画面中的人脸不是同一人 / the frames do not show the same person',
  antispoof: '未通过防伪检测（疑似照片或屏幕翻拍） / anti-spoofing check failed (photo or screen suspected)',
  liveness: '未通过活体检测 / liveness score too low',
  'no-baseline': '开始时请正对镜头保持不动 / please face the camera and hold still at the start',
  'action-not-observed': '未检测到要求的动作，请按提示完成动作 / the requested action was not observed',
  'wrong-direction': '转头方向与要求相反 / the head turned the wrong way',
};

const median = (xs: number[]) => {
  if (xs.length === 0) return 0;
  const s = [...xs].sort((a, b) => a - b);
  const m = s.length >> 1;
  return s.length % 2 ? s[m]! : (s[m - 1]! + s[m]!) / 2;
};

const round = (x: number, d = 4) => Math.round(x * 10 ** d) / 10 ** d;

interface ActionResult {
  rule: LivenessFailure;
  passed: boolean;
  value: number;
  threshold: number;
  frame?: number;
  message: string;
}

/** Baseline → action: the action is measured against the person's own resting face. */
function judgeAction(challenge: Challenge, faces: FaceAnalysis[], t: LivenessThresholds): ActionResult {
  const nb = Math.min(t.baselineFrames, faces.length - 1);
  const base = faces.slice(0, nb);
  const rest = faces.slice(nb);
  const fail = (rule: LivenessFailure, value: number, threshold: number, frame?: number): ActionResult => ({
    rule, passed: false, value: round(value), threshold, frame, message: MESSAGES[rule],
  });
  const ok = (value: number, threshold: number, frame: number): ActionResult => ({
    rule: 'action-not-observed', passed: true, value: round(value), threshold, frame, message: 'action observed',
  });

  if (challenge === 'turn-left' || challenge === 'turn-right') {
    const baseYaw = median(base.map((f) => f.pose.yaw));
    if (Math.abs(baseYaw) > t.baselineMaxYaw) return fail('no-baseline', Math.abs(baseYaw), t.baselineMaxYaw, 0);
    const sign = challenge === 'turn-left' ? 1 : -1; // HeadPose: yaw > 0 is the person's left
    const deltas = rest.map((f) => sign * (f.pose.yaw - baseYaw));
    const best = Math.max(...deltas);
    const worst = Math.min(...deltas);
    if (best >= t.turnYaw) return ok(best, t.turnYaw, nb + deltas.indexOf(best));
    if (-worst >= t.turnYaw) return fail('wrong-direction', worst, t.turnYaw, nb + deltas.indexOf(worst));
    return fail('action-not-observed', best, t.turnYaw);
  }

  if (challenge === 'blink') {
    const open = median(base.map((f) => f.eyeOpenness.mean));
    if (open <= 0) return fail('no-baseline', open, 0, 0);
    const ratios = rest.map((f) => f.eyeOpenness.mean / open);
    // a blink is closed eyes followed by open eyes again
    const closed = ratios.findIndex((r) => r <= t.blinkClosedRatio);
    if (closed < 0) return fail('action-not-observed', Math.min(...ratios), t.blinkClosedRatio);
    const reopened = ratios.slice(closed + 1).some((r) => r >= t.blinkReopenRatio);
    if (!reopened) return fail('action-not-observed', Math.max(...ratios.slice(closed)), t.blinkReopenRatio);
    return ok(ratios[closed]!, t.blinkClosedRatio, nb + closed);
  }

  // open-mouth
  const shut = median(base.map((f) => f.mouthOpenness));
  const deltas = rest.map((f) => f.mouthOpenness - shut);
  const best = Math.max(...deltas);
  const at = deltas.indexOf(best);
  if (best >= t.mouthOpenDelta && rest[at]!.mouthOpenness >= t.mouthOpenMin) return ok(best, t.mouthOpenDelta, nb + at);
  return fail('action-not-observed', best, t.mouthOpenDelta);
}

export interface JudgeOptions {
  engine?: EngineInfo;
  now?: Date;
}

/**
 * Judge a challenge from analysed frames (in capture order). Every rule is evaluated and kept in
 * `checks`, so the evidence shows all the numbers even when an early rule already failed.
 */
export function judgeLiveness(
  challenge: Challenge,
  frames: FrameAnalysis[],
  t: LivenessThresholds,
  options: JudgeOptions = {},
): LivenessDecision {
  const checks: LivenessCheck[] = [];
  const add = (rule: LivenessFailure, passed: boolean, extra: Partial<LivenessCheck> = {}) =>
    checks.push({ rule, passed, message: passed ? 'ok' : MESSAGES[rule], ...extra });

  add('frame-count', frames.length >= t.minFrames && frames.length <= t.maxFrames, { value: frames.length, threshold: t.minFrames });

  // only the faces that count as people (faces.ts): the person's face first, then any other person
  const detections = frames.map((f) => f.faces.length);
  frames = frames.map((f) => countedFaces(f, t));

  const noFace = frames.findIndex((f) => f.faces.length === 0);
  const many = frames.findIndex((f) => f.faces.length > 1);
  add('no-face', noFace < 0, noFace >= 0 ? { frame: noFace } : {});
  add('multiple-faces', many < 0, many >= 0 ? { frame: many, value: frames[many]!.faces.length, threshold: 1 } : {});

  // the same bytes anywhere in the series, or the same picture in two consecutive frames
  const seen = new Map<string, number>();
  let dup = -1;
  let dupDiff = Number.POSITIVE_INFINITY;
  frames.forEach((f, i) => {
    if (dup < 0 && seen.has(f.sha256)) { dup = i; dupDiff = 0; }
    seen.set(f.sha256, i);
    if (i > 0) {
      const d = thumbDiff(frames[i - 1]!.thumb, f.thumb);
      if (d < dupDiff) dupDiff = d;
      if (dup < 0 && d < t.duplicateMeanDiff) dup = i;
    }
  });
  add('duplicate-frame', dup < 0, { value: round(frames.length > 1 ? dupDiff : 0), threshold: t.duplicateMeanDiff, ...(dup >= 0 ? { frame: dup } : {}) });

  // from here on, the one face of each frame (the biggest, should there be more)
  const faces = frames.map((f) => f.faces[0]).filter((f): f is FaceAnalysis => !!f);
  const usable = faces.length === frames.length && faces.length >= 2;
  const nb = Math.max(1, Math.min(t.baselineFrames, faces.length - 1));
  const reference = usable ? meanEmbedding(faces.slice(0, nb).map((f) => f.embedding)) : [];
  const sims = faces.map((f) => (reference.length ? compare(reference, f.embedding) : 0));
  const minSim = sims.length ? Math.min(...sims) : 0;
  add('different-person', usable && minSim >= t.sameSession, { value: round(minSim), threshold: t.sameSession, frame: sims.indexOf(minSim) });

  const antispoofMedian = median(faces.map((f) => f.antispoof));
  const livenessMedian = median(faces.map((f) => f.liveness));
  add('antispoof', usable && antispoofMedian >= t.antispoof, { value: round(antispoofMedian), threshold: t.antispoof });
  add('liveness', usable && livenessMedian >= t.liveness, { value: round(livenessMedian), threshold: t.liveness });

  let action = 0;
  if (usable) {
    const a = judgeAction(challenge, faces, t);
    action = a.value;
    checks.push({ rule: a.rule, passed: a.passed, value: a.value, threshold: a.threshold, frame: a.frame, message: a.message });
  } else {
    add('action-not-observed', false);
  }

  const failed = checks.filter((c) => !c.passed);
  return {
    passed: failed.length === 0,
    challenge,
    reason: failed[0]?.message ?? '',
    failures: failed.map((c) => c.rule),
    checks,
    thresholds: { ...t },
    frames: frames.map((f, i) => {
      const face = f.faces[0];
      return {
        index: i,
        sha256: f.sha256,
        faces: f.faces.length,
        detections: detections[i]!,
        ...(face && {
          antispoof: round(face.antispoof),
          liveness: round(face.liveness),
          yaw: round(face.pose.yaw, 2),
          pitch: round(face.pose.pitch, 2),
          roll: round(face.pose.roll, 2),
          eyeOpenness: round(face.eyeOpenness.mean),
          mouthOpenness: round(face.mouthOpenness),
          similarityToFirst: round(sims[i] ?? 0),
        }),
      };
    }),
    scores: { antispoofMedian: round(antispoofMedian), livenessMedian: round(livenessMedian), minSimilarity: round(minSim), action },
    ...(failed.length === 0 && reference.length ? { referenceEmbedding: reference } : {}),
    ...(options.engine && { engine: options.engine }),
    decidedAt: (options.now ?? new Date()).toISOString(),
  };
}

// Web Crypto exists in browsers and in Node ≥ 19: a challenge must not be predictable.
function secureRandom(): number {
  return globalThis.crypto.getRandomValues(new Uint32Array(1))[0]! / 2 ** 32;
}

/** Pick the server's challenge at random from the allowed set (default: all four). */
export function pickChallenge(allowed: readonly Challenge[], random: () => number = secureRandom): Challenge {
  if (allowed.length === 0) throw new Error('no liveness challenge allowed');
  return allowed[Math.floor(random() * allowed.length) % allowed.length]!;
}
