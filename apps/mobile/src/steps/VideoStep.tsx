import { useEffect, useRef, useState } from 'react';
import { Button, ProgressBar } from 'antd-mobile';
import { useTranslation } from 'react-i18next';
import { ApiError, errorMessage, post, upload } from '../lib/api';
import { useCamera } from '../lib/camera';
import { hasRecorder, isWeChat } from '../lib/environment';
import { submitApplication } from '../lib/submit';
import {
  EVIDENCE_VIDEO_SECONDS,
  ZApplicationView,
  ZVideoFramesResult,
  ZVideoText,
  type TVideoText as VideoText,
} from '@netsign/api';
import { ErrorNote } from '../components/ErrorNote';
import type { StepProps } from '../pages/ApplyPage';

export const RECORD_SECONDS = 15;
/** the server accepts 15 s ± 1.5 s: 结束录制 from 14.5 s, and the recorder stops by itself at 16 s */
const STOP_FROM_MS = 14_500;
const AUTO_STOP_MS = 16_000;
const FRAME_AT_MS = [2_000, 5_000, 8_000, 11_000];

function pickMime() {
  const wanted = ['video/webm;codecs=vp8,opus', 'video/webm;codecs=vp9,opus', 'video/webm', 'video/mp4'];
  return wanted.find((m) => typeof MediaRecorder !== 'undefined' && MediaRecorder.isTypeSupported(m)) ?? '';
}

/** the server's limits (15 s ± 1.5 s): a file outside them is refused before it is sent */
const { min: MIN_SECONDS, max: MAX_SECONDS } = EVIDENCE_VIDEO_SECONDS;

type RecorderProps = StepProps & { text: VideoText; onText: (t: VideoText) => void; onSubmitted?: () => void };

/** 提交视频: the frames for the face comparison, then the video itself, then the application. */
async function sendEvidence(
  { app, text, onChange, onSubmitted }: RecorderProps,
  frames: string[],
  video: Blob,
  onProgress: (pct: number) => void,
) {
  await post(`/api/buyer/applications/${app.id}/video/frames`, { textId: text.id, frames }, {}, ZVideoFramesResult);
  const form = new FormData();
  form.append(
    'file',
    video,
    video.type.includes('mp4') || video.type.includes('quicktime') ? 'evidence.mp4' : 'evidence.webm',
  );
  const next = await upload(
    `/api/buyer/applications/${app.id}/video?textId=${text.id}`,
    form,
    {},
    onProgress,
    ZApplicationView,
  );
  try {
    const submitted = await submitApplication(app.id);
    onSubmitted?.();
    onChange(submitted);
  } catch {
    onChange(next);
  }
}

function Recorder(props: RecorderProps) {
  const { app, text, onText } = props;
  const { t } = useTranslation();
  const cam = useCamera({ facing: 'user', audio: true });
  const rec = useRef<MediaRecorder | null>(null);
  const chunks = useRef<Blob[]>([]);
  const frames = useRef<string[]>([]);
  const timers = useRef<number[]>([]);
  const [phase, setPhase] = useState<'ready' | 'recording' | 'recorded' | 'sending'>('ready');
  const [elapsed, setElapsed] = useState(0);
  const [video, setVideo] = useState<{ blob: Blob; url: string } | null>(null);
  const [pct, setPct] = useState(0);
  const [error, setError] = useState<string | null>(null);

  useEffect(
    () => () => {
      timers.current.forEach(clearTimeout);
      if (video) URL.revokeObjectURL(video.url);
    },
    [video],
  );

  const stop = () => {
    timers.current.forEach((id) => {
      clearTimeout(id);
      clearInterval(id);
    });
    timers.current = [];
    if (rec.current?.state === 'recording') rec.current.stop();
  };

  const start = () => {
    setError(null);
    const stream = cam.streamRef.current;
    if (!stream) return setError(t('相机尚未就绪，请稍候'));
    if (new Date(text.expiresAt).getTime() < Date.now() + 30_000) return void fresh();
    const mime = pickMime();
    const r = new MediaRecorder(stream, { ...(mime ? { mimeType: mime } : {}), videoBitsPerSecond: 800_000 });
    chunks.current = [];
    frames.current = [];
    r.ondataavailable = (e) => e.data.size && chunks.current.push(e.data);
    r.onstop = () => {
      const blob = new Blob(chunks.current, { type: r.mimeType || 'video/webm' });
      setVideo({ blob, url: URL.createObjectURL(blob) });
      setPhase('recorded');
    };
    r.start(1000);
    rec.current = r;
    const t0 = performance.now();
    setElapsed(0);
    setPhase('recording');
    timers.current.push(window.setInterval(() => setElapsed(performance.now() - t0), 200));
    for (const at of FRAME_AT_MS)
      timers.current.push(
        window.setTimeout(() => {
          const f = cam.jpegDataUrl(0.85);
          if (f) frames.current.push(f);
        }, at),
      );
    timers.current.push(window.setTimeout(stop, AUTO_STOP_MS));
  };

  const fresh = async () => {
    try {
      onText(await post(`/api/buyer/applications/${app.id}/video/text`, {}, {}, ZVideoText));
    } catch (e) {
      setError(errorMessage(e));
    }
  };

  const again = () => {
    if (video) URL.revokeObjectURL(video.url);
    setVideo(null);
    setPhase('ready');
    setError(null);
  };

  const send = async () => {
    if (!video) return;
    setError(null);
    setPhase('sending');
    setPct(0);
    try {
      await sendEvidence(props, frames.current, video.blob, setPct);
    } catch (e) {
      setPhase('recorded');
      setError(errorMessage(e));
      if (e instanceof ApiError && ['VIDEO_TEXT_UNKNOWN', 'VIDEO_TEXT_EXPIRED'].includes(e.code)) void fresh();
    }
  };

  const left = Math.max(0, Math.ceil(RECORD_SECONDS - elapsed / 1000));
  const mayStop = elapsed >= STOP_FROM_MS;
  return (
    <div className="fullscreen recorder" role="dialog" aria-modal="true" aria-label={t('视频录制')}>
      <div className="bar">
        <h2>{t('视频录制')}</h2>
        {phase === 'recording' && (
          <span className="countdown-inline" aria-live="polite">
            {mayStop ? t('可以结束录制') : t('{{n}} 秒', { n: left })}
          </span>
        )}
      </div>
      <div className="recorder-view">
        {phase === 'recorded' || phase === 'sending' ? (
          <video src={video?.url} controls playsInline aria-label={t('回放录制的视频')} />
        ) : (
          <video ref={cam.videoRef} className="mirror" playsInline muted aria-label={t('录像取景')} />
        )}
        {phase === 'recording' && (
          <span className="rec-dot" aria-hidden>
            ● REC
          </span>
        )}
      </div>
      <div className="recorder-foot">
        <div className="read-text" aria-label={t('请朗读以下文字')}>
          <div style={{ fontSize: 16, opacity: 0.8 }}>{t('请朗读以下文字')}</div>
          {text.text}
        </div>
        <ErrorNote message={cam.error && t(cam.error)} onRetry={cam.retry} />
        <ErrorNote message={error} />
        {phase === 'sending' && (
          <div className="progress-line" aria-live="polite">
            {t('上传中')} {pct}%<ProgressBar percent={pct} aria-label={t('上传进度')} />
          </div>
        )}
        {phase === 'ready' && (
          <Button block color="primary" size="large" disabled={!cam.ready} onClick={start}>
            {t('开始录制')}
          </Button>
        )}
        {phase === 'recording' && (
          <Button block color="danger" size="large" disabled={!mayStop} onClick={stop}>
            {mayStop ? t('结束录制') : `${t('结束录制')}（${left}）`}
          </Button>
        )}
        {(phase === 'recorded' || phase === 'sending') && (
          <div style={{ display: 'flex', gap: 12 }}>
            <Button style={{ flex: 1 }} size="large" disabled={phase === 'sending'} onClick={again}>
              {t('重新录制')}
            </Button>
            <Button
              style={{ flex: 1 }}
              color="primary"
              size="large"
              loading={phase === 'sending'}
              onClick={() => void send()}
            >
              {t('提交视频')}
            </Button>
          </div>
        )}
      </div>
    </div>
  );
}

/** Pictures of a recorded video at the given seconds (JPEG data URLs), for the face comparison. */
async function framesOf(url: string, seconds: number[]): Promise<string[]> {
  const v = document.createElement('video');
  v.muted = true;
  v.playsInline = true;
  v.preload = 'auto';
  v.src = url;
  const once = (event: string) =>
    new Promise<void>((resolve, reject) => {
      v.addEventListener(event, () => resolve(), { once: true });
      v.addEventListener('error', () => reject(new Error('video')), { once: true });
    });
  await once('loadeddata');
  const out: string[] = [];
  for (const at of seconds) {
    if (Number.isFinite(v.duration) && at > v.duration) break;
    const seeked = once('seeked');
    v.currentTime = at;
    await seeked;
    const c = document.createElement('canvas');
    c.width = v.videoWidth;
    c.height = v.videoHeight;
    c.getContext('2d')!.drawImage(v, 0, 0);
    out.push(c.toDataURL('image/jpeg', 0.85));
  }
  v.removeAttribute('src');
  v.load();
  return out;
}

/** A video's length in seconds from its metadata (NaN when the browser cannot tell). */
function durationOf(url: string): Promise<number> {
  return new Promise((resolve) => {
    const v = document.createElement('video');
    v.preload = 'metadata';
    v.onloadedmetadata = () => resolve(v.duration);
    v.onerror = () => resolve(Number.NaN);
    v.src = url;
  });
}

/**
 * 佐证视频 where the page cannot record (older WeChat: no MediaRecorder or no live camera): the
 * phone's camera app records it (`capture`), the page checks its length, takes the pictures for
 * the face comparison from it, and sends it like a recording made in the page.
 */
function CameraAppRecorder(props: RecorderProps) {
  const { t } = useTranslation();
  const { app, onText } = props;
  const input = useRef<HTMLInputElement | null>(null);
  const [video, setVideo] = useState<{ blob: Blob; url: string } | null>(null);
  const [sending, setSending] = useState(false);
  const [pct, setPct] = useState(0);
  const [error, setError] = useState<string | null>(null);

  useEffect(
    () => () => {
      if (video) URL.revokeObjectURL(video.url);
    },
    [video],
  );

  const taken = async (files: FileList | null) => {
    const f = files?.[0];
    if (input.current) input.current.value = '';
    if (!f) return;
    setError(null);
    if (!f.type.startsWith('video/')) return setError(t('请录制一段视频'));
    const url = URL.createObjectURL(f);
    const seconds = await durationOf(url);
    if (Number.isFinite(seconds) && (seconds < MIN_SECONDS || seconds > MAX_SECONDS)) {
      URL.revokeObjectURL(url);
      return setError(
        t('这段视频长 {{n}} 秒，需要 14 到 16 秒：请点「重新录制」，看着相机的计时录到 15 秒左右再停止', {
          n: Math.round(seconds),
        }),
      );
    }
    setVideo({ blob: f, url });
  };

  const send = async () => {
    if (!video) return;
    setError(null);
    setSending(true);
    setPct(0);
    try {
      let frames: string[];
      try {
        frames = await framesOf(
          video.url,
          FRAME_AT_MS.map((ms) => ms / 1000),
        );
      } catch {
        throw new Error(t('无法读取这段视频的画面：请用手机浏览器打开本页面，在页面中录制'));
      }
      await sendEvidence(props, frames, video.blob, setPct);
    } catch (e) {
      setError(errorMessage(e));
      if (e instanceof ApiError && ['VIDEO_TEXT_UNKNOWN', 'VIDEO_TEXT_EXPIRED'].includes(e.code)) {
        try {
          onText(await post(`/api/buyer/applications/${app.id}/video/text`, {}, {}, ZVideoText));
        } catch {
          // the message above already says to record again
        }
      }
    } finally {
      setSending(false);
    }
  };

  return (
    <div className="card" role="region" aria-label={t('用手机相机录制')}>
      <div className="hint">
        {isWeChat()
          ? t('微信中不能在页面里录像，将打开手机相机录制。')
          : t('当前浏览器不能在页面里录像，将打开手机相机录制。')}
        {t(
          '相机打开后会遮住本页：请先读一遍下面的文字、记住核验码，录像时正对镜头完整朗读，录到 15 秒左右（14 到 16 秒）再停止。',
        )}
      </div>
      <div className="read-text" aria-label={t('请朗读以下文字')}>
        {props.text.text}
      </div>
      {video && (
        <video
          src={video.url}
          controls
          playsInline
          aria-label={t('回放录制的视频')}
          style={{ width: '100%', borderRadius: 8 }}
        />
      )}
      <ErrorNote message={error} />
      {sending && (
        <div className="progress-line" aria-live="polite">
          {t('上传中')} {pct}%<ProgressBar percent={pct} aria-label={t('上传进度')} />
        </div>
      )}
      <Button
        block
        color={video ? 'default' : 'primary'}
        size="large"
        disabled={sending}
        onClick={() => input.current?.click()}
      >
        {video ? t('重新录制') : t('打开相机录像')}
      </Button>
      {video && (
        <Button block color="primary" size="large" loading={sending} onClick={() => void send()}>
          {t('提交视频')}
        </Button>
      )}
      <input
        ref={input}
        type="file"
        accept="video/*"
        capture="user"
        hidden
        aria-label={t('打开相机录像')}
        onChange={(e) => void taken(e.target.files)}
      />
    </div>
  );
}

/** 佐证视频 (manual 4.2): 录制视频 → 15 s reading the text at the bottom → 结束录制 → replay → 提交视频. */
export function VideoStep({ app, onChange, onSubmitted }: StepProps & { onSubmitted?: () => void }) {
  const { t } = useTranslation();
  const [text, setText] = useState<VideoText | null>(null);
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);

  const begin = async () => {
    setBusy(true);
    setError(null);
    try {
      const reuse =
        app.videoText && new Date(app.videoText.expiresAt).getTime() > Date.now() + 60_000 ? app.videoText : null;
      setText(reuse ?? (await post(`/api/buyer/applications/${app.id}/video/text`, {}, {}, ZVideoText)));
    } catch (e) {
      setError(errorMessage(e));
    } finally {
      setBusy(false);
    }
  };

  return (
    <>
      <h1>{t('佐证视频')}</h1>
      {!text ? (
        <>
          <div className="card">
            <div className="hint">
              {t('由于您不使用人脸核身，需要录制一段 15 秒的视频证明本人身份：正对镜头，朗读屏幕下方的文字。')}
            </div>
          </div>
          <ErrorNote message={error} />
          <Button block color="primary" size="large" loading={busy} onClick={() => void begin()}>
            {t('录制视频')}
          </Button>
        </>
      ) : hasRecorder() ? (
        <Recorder app={app} text={text} onText={setText} onChange={onChange} onSubmitted={onSubmitted} />
      ) : (
        <CameraAppRecorder app={app} text={text} onText={setText} onChange={onChange} onSubmitted={onSubmitted} />
      )}
    </>
  );
}
