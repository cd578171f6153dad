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

// Chinese only, each with the next step: the evidence keeps them, and the buyer's app shows its own
// words for the rule (`failures[]`) in the buyer's language.
const MESSAGES: Record<LivenessFailure, string> = {
  'frame-count': '采集的画面数量不对，请重新识别',
  'no-face': '有画面中未检测到人脸，请将面部放在框内、正对镜头后重新识别',
  'multiple-faces': '画面中有多张人脸，请确保只有本人入镜后重新识别',
  'duplicate-frame': '同一画面被重复提交（画面没有变化，疑似照片或卡住的画面），请本人对着镜头按提示做动作后重新识别',
  'different-person': '画面中的人脸不是同一人，请本人全程对着镜头后重新识别',
  antispoof: '未通过防伪检测（疑似照片或屏幕翻拍），请本人直接对着手机镜头重新识别',
  liveness: '未通过活体检测，请在光线充足处正对镜头后重新识别',
  'no-baseline': '开始时请正对镜头保持不动，看到提示后再做动作',
  'action-not-observed': '未检测到要求的动作，请按提示完成动作后重新识别',
  'wrong-direction': '转头方向与要求相反，请按提示的方向转头后重新识别',
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
    rule,
    passed: false,
    value: round(value),
    threshold,
    frame,
    message: MESSAGES[rule],
  });
  const ok = (value: number, threshold: number, frame: number): ActionResult => ({
    rule: 'action-not-observed',
    passed: true,
    value: round(value),
    threshold,
    frame,
    message: 'action observed',
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

  add('frame-count', frames.length >= t.minFrames && frames.length <= t.maxFrames, {
    value: frames.length,
    threshold: t.minFrames,
  });

  // only the faces that count as people (faces.ts): the person's face first, then any other person
  const detections = frames.map((f) => f.faces.length);
  frames = frames.map((f) => countedFaces(f, t));

  const noFace = frames.findIndex((f) => f.faces.length === 0);
  const many = frames.findIndex((f) => f.faces.length > 1);
  add('no-face', noFace < 0, noFace >= 0 ? { frame: noFace } : {});
  add('multiple-faces', many < 0, many >= 0 ? { frame: many, value: frames[many]!.faces.length, threshold: 1 } : {});

  // Repeats: a frame whose bytes came before, or whose picture is the previous frame's (thumbnails
  // closer than duplicateMeanDiff, which catches re-encoded copies). A slow phone repeats a camera
  // frame now and then, so a few are tolerated (and left out of the judgement below); a replayed
  // photo or a frozen feed repeats (nearly) all of them and is refused.
  const seen = new Set<string>();
  const repeats: number[] = [];
  frames.forEach((f, i) => {
    const d = i > 0 ? thumbDiff(frames[i - 1]!.thumb, f.thumb) : Number.POSITIVE_INFINITY;
    if (seen.has(f.sha256) || d < t.duplicateMeanDiff) repeats.push(i);
    seen.add(f.sha256);
  });
  const kept = frames.map((_, i) => i).filter((i) => !repeats.includes(i));
  const repeatShare = frames.length > 1 ? repeats.length / (frames.length - 1) : 0;
  add('duplicate-frame', repeatShare <= t.duplicateMaxShare && kept.length >= Math.min(t.minFrames, frames.length), {
    value: round(repeatShare),
    threshold: t.duplicateMaxShare,
    ...(repeats.length ? { frame: repeats[0] } : {}),
  });

  // from here on, the one face of each distinct frame (the biggest, should there be more)
  const at = (k: number) => kept[k] ?? k; // index among the distinct frames → index in the series
  const faces = kept.map((i) => frames[i]!.faces[0]).filter((f): f is FaceAnalysis => !!f);
  const usable = faces.length === kept.length && faces.length >= 2;
  const nb = Math.max(1, Math.min(t.baselineFrames, faces.length - 1));
  const reference = usable ? meanEmbedding(faces.slice(0, nb).map((f) => f.embedding)) : [];
  const sims = faces.map((f) => (reference.length ? compare(reference, f.embedding) : 0));
  const minSim = sims.length ? Math.min(...sims) : 0;
  add('different-person', usable && minSim >= t.sameSession, {
    value: round(minSim),
    threshold: t.sameSession,
    frame: at(sims.indexOf(minSim)),
  });

  const antispoofMedian = median(faces.map((f) => f.antispoof));
  const livenessMedian = median(faces.map((f) => f.liveness));
  add('antispoof', usable && antispoofMedian >= t.antispoof, { value: round(antispoofMedian), threshold: t.antispoof });
  add('liveness', usable && livenessMedian >= t.liveness, { value: round(livenessMedian), threshold: t.liveness });

  let action = 0;
  if (usable) {
    const a = judgeAction(challenge, faces, t);
    action = a.value;
    checks.push({
      rule: a.rule,
      passed: a.passed,
      value: a.value,
      threshold: a.threshold,
      frame: a.frame === undefined ? undefined : at(a.frame),
      message: a.message,
    });
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
      const k = kept.indexOf(i);
      return {
        index: i,
        sha256: f.sha256,
        faces: f.faces.length,
        detections: detections[i]!,
        ...(k < 0 && { repeat: true }),
        ...(face && {
          antispoof: round(face.antispoof),
          liveness: round(face.liveness),
          yaw: round(face.pose.yaw, 2),
          pitch: round(face.pose.pitch, 2),
          roll: round(face.pose.roll, 2),
          eyeOpenness: round(face.eyeOpenness.mean),
          mouthOpenness: round(face.mouthOpenness),
          ...(k >= 0 && { similarityToFirst: round(sims[k] ?? 0) }),
        }),
      };
    }),
    scores: {
      antispoofMedian: round(antispoofMedian),
      livenessMedian: round(livenessMedian),
      minSimilarity: round(minSim),
      action,
    },
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
