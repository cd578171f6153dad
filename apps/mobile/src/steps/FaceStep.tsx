import { useCallback, useEffect, useRef, useState } from 'react';
import { Button, ProgressBar } from 'antd-mobile';
import { useTranslation } from 'react-i18next';
import { ApiError, errorMessage, post } from '../lib/api';
import { sleep, useCamera } from '../lib/camera';
import { submitApplication } from '../lib/submit';
import {
  ZFaceChallenge,
  ZFaceResult,
  type TFaceAction as Challenge,
  type TFaceChallenge as FaceChallenge,
} from '@netsign/api';
import { ErrorNote } from '../components/ErrorNote';
import type { StepProps } from '../pages/ApplyPage';
import { faceGuidance } from './face-guidance';
import { faceRefusal } from './face-refusal';
import { hasLiveCamera, noLiveFaceCheck } from '../lib/environment';

const ACTION_HINT: Record<Challenge, string> = {
  blink: '请眨眨眼',
  'turn-left': '请缓慢向左转头，再转回正面',
  'turn-right': '请缓慢向右转头，再转回正面',
  'open-mouth': '请张张嘴，再闭上',
};

/** Frames sent for one challenge: two at rest, then the action; about 3.5 seconds in all. */
const FRAMES = 12;
const INTERVAL_MS = 300;
const BASELINE = 2;
/** the server needs at least this many distinct frames (its minFrames) */
const MIN_FRAMES = 5;
/** how long one frame may wait for the camera to show a new picture, and the whole capture */
const FRAME_WAIT_MS = 1_200;
const CAPTURE_MS = 12_000;

/**
 * 人脸识别: the server picks the action, which the page shows before the capture starts; the
 * camera in an oval with guidance; the frames (each a new camera picture) go to the server, which
 * judges them (first: liveness; second: also the same person). A refusal says what to do next.
 */
export function FaceStep({
  app,
  onChange,
  stage,
  onSubmitted,
}: StepProps & { stage: 'first' | 'second'; onSubmitted?: () => void }) {
  const { t } = useTranslation();
  const live = hasLiveCamera();
  const cam = useCamera({ facing: 'user', enabled: live });
  const [phase, setPhase] = useState<'idle' | 'capturing' | 'checking'>('idle');
  const [hint, setHint] = useState<string>('请将面部置于椭圆框内，保持正对');
  const [progress, setProgress] = useState(0);
  const [error, setError] = useState<string | null>(null);
  const [dim, setDim] = useState(false);
  const [challenge, setChallenge] = useState<FaceChallenge | null>(null);

  // the action is known before 开始识别: a challenge is asked for when the step opens (and again
  // after each attempt, which spends it); it lasts two minutes, so a stale one is renewed at start
  const askChallenge = useCallback(
    () =>
      post(`/api/buyer/applications/${app.id}/face/challenge`, { stage }, {}, ZFaceChallenge).then((c) => {
        setChallenge(c);
        return c;
      }),
    [app.id, stage],
  );
  const asked = useRef(false);
  // biome-ignore lint/correctness/useExhaustiveDependencies: asked once per mount (the ref guards it); refusalText only words the error
  useEffect(() => {
    if (asked.current || !live) return;
    asked.current = true;
    askChallenge().catch((e) => setError(refusalText(e)));
  }, [askChallenge, live]);

  const refusalText = (e: unknown) => {
    const r = faceRefusal(e);
    if (!r) return errorMessage(e);
    return r.refused ? t('人脸识别未通过：{{why}}', { why: t(r.key) }) : t(r.key);
  };

  // guidance while waiting: too dark? and, where the browser has a face detector, where the face is
  const [place, setPlace] = useState<string | null>(null);
  useEffect(() => {
    if (!cam.ready || phase !== 'idle') return;
    const Detector = (
      window as unknown as {
        FaceDetector?: new (
          o: object,
        ) => { detect(src: CanvasImageSource): Promise<{ boundingBox: DOMRectReadOnly }[]> };
      }
    ).FaceDetector;
    const detector = Detector ? new Detector({ fastMode: true, maxDetectedFaces: 2 }) : null;
    let busy = false;
    const id = setInterval(async () => {
      const b = cam.brightness();
      if (b !== null) setDim(b < 50);
      const v = cam.videoRef.current;
      if (!detector || !v || busy) return;
      busy = true;
      try {
        setPlace(faceGuidance(await detector.detect(v), v.videoWidth, v.videoHeight));
      } catch {
        setPlace(null);
      } finally {
        busy = false;
      }
    }, 700);
    return () => clearInterval(id);
  }, [cam.ready, phase, cam.brightness, cam.videoRef]);

  const start = async () => {
    setError(null);
    setPhase('capturing');
    setProgress(0);
    let spent = false;
    try {
      const fresh = challenge && new Date(challenge.expiresAt).getTime() > Date.now() + 30_000;
      const ch = fresh ? challenge : await askChallenge();
      const frames: string[] = [];
      const taken: Uint8Array[] = [];
      setHint('请正对镜头，保持不动');
      const until = performance.now() + CAPTURE_MS;
      // only distinct pictures are sent: a slow phone repeats camera frames, and the server takes
      // a series of repeats for a replayed photo
      while (frames.length < FRAMES && performance.now() < until) {
        if (frames.length === BASELINE) setHint(ACTION_HINT[ch.action]);
        const shot = await cam.distinctFrame(taken, FRAME_WAIT_MS);
        if (shot) {
          frames.push(shot.canvas.toDataURL('image/jpeg', 0.85));
          taken.push(shot.thumb);
          setProgress(Math.round((frames.length / FRAMES) * 100));
        }
        await sleep(INTERVAL_MS);
      }
      if (frames.length < MIN_FRAMES)
        throw new Error(t('相机画面没有变化：请确认镜头没有被遮挡、画面在动，再点「重新识别」'));
      setPhase('checking');
      setHint('正在核验，请稍候…');
      spent = true;
      const r = await post(
        `/api/buyer/applications/${app.id}/face/frames`,
        { challengeId: ch.id, frames },
        {},
        ZFaceResult,
      );
      if (stage === 'second') {
        try {
          const submitted = await submitApplication(app.id);
          onSubmitted?.();
          onChange(submitted);
        } catch {
          onChange(r.application); // the submit page lists what is still missing
        }
      } else onChange(r.application);
    } catch (e) {
      setError(refusalText(e));
      setHint('请将面部置于椭圆框内，保持正对');
      setPhase('idle');
      // an attempt the server judged spent its challenge: the next action is shown before 重新识别
      if (spent || (e instanceof ApiError && e.code.startsWith('CHALLENGE_'))) {
        setChallenge(null);
        askChallenge().catch(() => undefined);
      }
    }
  };

  return (
    <>
      <h1>{stage === 'first' ? t('人脸识别') : t('再次人脸识别')}</h1>
      <div className="hint">
        {stage === 'first'
          ? t('请本人正对手机，按屏幕提示完成动作，核验身份。')
          : t('资料已上传，请再次进行人脸识别，确认是您本人提交。')}
      </div>
      <div className="camera" style={{ aspectRatio: '1 / 1' }}>
        <video ref={cam.videoRef} className="mirror" playsInline muted aria-label={t('人脸识别取景')} />
        <div className={`oval${phase !== 'idle' ? ' ok' : ''}`} />
        <div className="camera-caption" aria-live="polite">
          {phase === 'idle' && dim ? t('光线太暗，请到明亮处或打开灯') : phase === 'idle' && place ? t(place) : t(hint)}
        </div>
      </div>
      {phase !== 'idle' && <ProgressBar percent={phase === 'checking' ? 100 : progress} aria-label={t('识别进度')} />}
      {phase === 'idle' ? (
        live && (
          <div className="card" role="region" aria-label={t('本次识别的动作')}>
            <div className="hint">{t('本次识别的动作')}</div>
            <div className="action-hint">{challenge ? t(ACTION_HINT[challenge.action]) : t('正在获取动作…')}</div>
            <div className="hint">{t('点「开始识别」后，先正对镜头不动；看到动作提示后，再慢慢做这个动作。')}</div>
          </div>
        )
      ) : (
        <div className="action-hint" aria-live="assertive">
          {phase === 'capturing' ? t(hint) : ''}
        </div>
      )}
      <ErrorNote
        message={live ? cam.error && t(cam.error) : t(noLiveFaceCheck())}
        onRetry={live ? cam.retry : undefined}
      />
      <ErrorNote message={error} />
      <Button
        block
        color="primary"
        size="large"
        disabled={!cam.ready || phase !== 'idle' || (!challenge && !error)}
        loading={phase !== 'idle'}
        onClick={() => void start()}
      >
        {error ? t('重新识别') : t('开始识别')}
      </Button>
    </>
  );
}
