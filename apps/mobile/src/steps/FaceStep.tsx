import { useEffect, useState } from 'react';
import { Button, ProgressBar } from 'antd-mobile';
import { useTranslation } from 'react-i18next';
import { ApiError, errorMessage, post } from '../lib/api';
import { sleep, thumbDiff, useCamera } from '../lib/camera';
import { submitApplication } from '../lib/submit';
import type { ApplicationView, Challenge } from '../lib/types';
import { ErrorNote } from '../components/ErrorNote';
import type { StepProps } from '../pages/ApplyPage';
import { faceGuidance } from './face-guidance';

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

/**
 * 人脸识别: the server picks the action; the page shows the camera in an oval with guidance,
 * captures the frames and the server judges them (first: liveness; second: also the same person).
 */
export function FaceStep({ app, onChange, stage, onSubmitted }: StepProps & { stage: 'first' | 'second'; onSubmitted?: () => void }) {
  const { t } = useTranslation();
  const cam = useCamera({ facing: 'user' });
  const [phase, setPhase] = useState<'idle' | 'capturing' | 'checking'>('idle');
  const [hint, setHint] = useState<string>('请将面部置于椭圆框内，保持正对');
  const [progress, setProgress] = useState(0);
  const [error, setError] = useState<string | null>(null);
  const [dim, setDim] = useState(false);

  // guidance while waiting: too dark? and, where the browser has a face detector, where the face is
  const [place, setPlace] = useState<string | null>(null);
  useEffect(() => {
    if (!cam.ready || phase !== 'idle') return;
    const Detector = (window as unknown as { FaceDetector?: new (o: object) => { detect(src: CanvasImageSource): Promise<{ boundingBox: DOMRectReadOnly }[]> } }).FaceDetector;
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
    try {
      const ch = await post<{ id: string; action: Challenge; expiresAt: string }>(`/api/buyer/applications/${app.id}/face/challenge`, { stage });
      const frames: string[] = [];
      setHint('请正对镜头，保持不动');
      let prev: Uint8Array | null = null;
      for (let i = 0; i < FRAMES; i++) {
        if (i === BASELINE) setHint(ACTION_HINT[ch.action]);
        // a busy phone can hand the page the same camera picture twice, which the server refuses
        // as a replay: wait (briefly) for a picture that differs from the last one sent
        let th = cam.thumb();
        for (let k = 0; k < 8 && prev && th && thumbDiff(prev, th) < 1.5; k++) {
          await cam.nextFrame();
          th = cam.thumb();
        }
        prev = th;
        const f = cam.jpegDataUrl(0.85);
        if (f) frames.push(f);
        setProgress(Math.round(((i + 1) / FRAMES) * 100));
        await sleep(INTERVAL_MS);
      }
      if (frames.length < 5) throw new Error(t('相机画面不足，请确认相机已打开后重试'));
      setPhase('checking');
      setHint('正在核验，请稍候…');
      const r = await post<{ passed: boolean; application: ApplicationView }>(`/api/buyer/applications/${app.id}/face/frames`, { challengeId: ch.id, frames });
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
      setError(e instanceof ApiError ? e.message : errorMessage(e));
      setHint('请将面部置于椭圆框内，保持正对');
      setPhase('idle');
    }
  };

  return (
    <>
      <h1>{stage === 'first' ? t('人脸识别') : t('再次人脸识别')}</h1>
      <div className="hint">{stage === 'first' ? t('请本人正对手机，按屏幕提示完成动作，核验身份。') : t('资料已上传，请再次进行人脸识别，确认是您本人提交。')}</div>
      <div className="camera" style={{ aspectRatio: '1 / 1' }}>
        <video ref={cam.videoRef} className="mirror" playsInline muted aria-label={t('人脸识别取景')} />
        <div className={`oval${phase !== 'idle' ? ' ok' : ''}`} />
        <div className="camera-caption" aria-live="polite">
          {phase === 'idle' && dim ? t('光线太暗，请到明亮处或打开灯') : phase === 'idle' && place ? t(place) : t(hint)}
        </div>
      </div>
      {phase !== 'idle' && <ProgressBar percent={phase === 'checking' ? 100 : progress} aria-label={t('识别进度')} />}
      <div className="action-hint" aria-live="assertive">{phase === 'capturing' ? t(hint) : ''}</div>
      <ErrorNote message={cam.error && t(cam.error)} onRetry={cam.retry} />
      <ErrorNote message={error} />
      <Button block color="primary" size="large" disabled={!cam.ready || phase !== 'idle'} loading={phase !== 'idle'} onClick={() => void start()}>
        {error ? t('重新识别') : t('开始识别')}
      </Button>
    </>
  );
}
