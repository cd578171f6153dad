// The live camera in the page (getUserMedia): photos, face frames and the evidence video come from
// it at that moment. Where the page has no live camera (older WeChat), photos and the video come
// from the phone's camera app (`<input capture>`, environment.ts); the capture token still limits
// an upload to minutes after the camera was opened.
import { useCallback, useEffect, useRef, useState } from 'react';
import { hasLiveCamera, isWeChat } from './environment';

export interface CameraOptions {
  facing: 'user' | 'environment';
  audio?: boolean;
  enabled?: boolean;
}

export function cameraErrorMessage(e: unknown): string {
  if (!hasLiveCamera())
    return isWeChat()
      ? '微信内置浏览器不能在网页中显示相机画面：扫码请直接用微信「扫一扫」'
      : '当前浏览器不支持在网页中使用相机：请用手机自带浏览器或微信打开本页面（需 https）';
  const name = (e as { name?: string })?.name;
  if (name === 'NotAllowedError' || name === 'SecurityError')
    return '未获得相机权限：请在浏览器设置中允许本网站使用相机，然后点「重试」';
  if (name === 'NotFoundError' || name === 'OverconstrainedError')
    return '未找到可用的相机：请换一部带摄像头的手机后重试';
  if (name === 'NotReadableError') return '相机正被其他应用占用：请关闭其他使用相机的应用后点「重试」';
  return '无法打开相机，请点「重试」';
}

export function useCamera({ facing, audio = false, enabled = true }: CameraOptions) {
  const videoRef = useRef<HTMLVideoElement | null>(null);
  const streamRef = useRef<MediaStream | null>(null);
  const [ready, setReady] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const [attempt, setAttempt] = useState(0);

  // biome-ignore lint/correctness/useExhaustiveDependencies: `attempt` is the retry counter: changing it opens the camera again
  useEffect(() => {
    if (!enabled) return;
    let stopped = false;
    setReady(false);
    setError(null);
    (async () => {
      try {
        const stream = await navigator.mediaDevices.getUserMedia({
          video: { facingMode: facing, width: { ideal: 640 }, height: { ideal: 480 } },
          audio,
        });
        if (stopped) {
          stream.getTracks().forEach((t) => t.stop());
          return;
        }
        streamRef.current = stream;
        const v = videoRef.current;
        if (v) {
          v.srcObject = stream;
          v.muted = true;
          await v.play().catch(() => undefined);
          if (v.readyState < 2) await new Promise((r) => v.addEventListener('loadeddata', r, { once: true }));
        }
        if (!stopped) setReady(true);
      } catch (e) {
        if (!stopped) setError(cameraErrorMessage(e));
      }
    })();
    return () => {
      stopped = true;
      streamRef.current?.getTracks().forEach((t) => t.stop());
      streamRef.current = null;
      setReady(false);
    };
  }, [facing, audio, enabled, attempt]);

  const retry = useCallback(() => setAttempt((n) => n + 1), []);

  /** The current frame, unmirrored, as a canvas. */
  const frame = useCallback((): HTMLCanvasElement | null => {
    const v = videoRef.current;
    if (!v || !v.videoWidth) return null;
    const c = document.createElement('canvas');
    c.width = v.videoWidth;
    c.height = v.videoHeight;
    c.getContext('2d')!.drawImage(v, 0, 0);
    return c;
  }, []);

  const jpegDataUrl = useCallback((quality = 0.88) => frame()?.toDataURL('image/jpeg', quality) ?? null, [frame]);

  const jpegBlob = useCallback(
    (quality = 0.9) =>
      new Promise<Blob | null>((resolve) => {
        const c = frame();
        if (!c) return resolve(null);
        c.toBlob((b) => resolve(b), 'image/jpeg', quality);
      }),
    [frame],
  );

  /** Mean brightness 0–255 of a small copy of the frame: guidance when the light is too dim. */
  const brightness = useCallback((): number | null => {
    const v = videoRef.current;
    if (!v || !v.videoWidth) return null;
    const c = document.createElement('canvas');
    c.width = 32;
    c.height = 24;
    const g = c.getContext('2d', { willReadFrequently: true })!;
    g.drawImage(v, 0, 0, 32, 24);
    const d = g.getImageData(0, 0, 32, 24).data;
    let sum = 0;
    for (let i = 0; i < d.length; i += 4) sum += 0.299 * d[i]! + 0.587 * d[i + 1]! + 0.114 * d[i + 2]!;
    return sum / (d.length / 4);
  }, []);

  /** Resolves when the video shows its next frame (or after 150 ms). */
  const nextFrame = useCallback(
    () =>
      new Promise<void>((resolve) => {
        const v = videoRef.current as
          | (HTMLVideoElement & { requestVideoFrameCallback?: (cb: () => void) => number })
          | null;
        const timer = setTimeout(resolve, 150);
        v?.requestVideoFrameCallback?.(() => {
          clearTimeout(timer);
          resolve();
        });
      }),
    [],
  );

  /**
   * The current frame as a canvas, with its thumbnail, unless it repeats a picture already taken
   * (a busy phone hands the page the same camera frame again): then it waits for the next frame
   * the video shows, up to `waitMs`, and gives null when none differs.
   */
  const distinctFrame = useCallback(
    async (taken: Uint8Array[], waitMs: number): Promise<{ canvas: HTMLCanvasElement; thumb: Uint8Array } | null> => {
      const until = performance.now() + waitMs;
      for (;;) {
        const canvas = frame();
        if (canvas) {
          const thumb = thumbOf(canvas);
          if (taken.every((p) => thumbDiff(p, thumb) >= SAME_PICTURE)) return { canvas, thumb };
        }
        if (performance.now() >= until) return null;
        await nextFrame();
      }
    },
    [frame, nextFrame],
  );

  return { videoRef, streamRef, ready, error, retry, frame, jpegDataUrl, jpegBlob, brightness, distinctFrame };
}

export const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

/** Below this mean difference (0–255) of two thumbnails, the camera gave the same picture again. */
const SAME_PICTURE = 1;

/** A 32×32 grey thumbnail (ITU-R BT.601 luma) of a frame, averaged down. */
export function thumbOf(source: CanvasImageSource): Uint8Array {
  const c = document.createElement('canvas');
  c.width = 32;
  c.height = 32;
  const g = c.getContext('2d', { willReadFrequently: true })!;
  g.imageSmoothingQuality = 'high';
  g.drawImage(source, 0, 0, 32, 32);
  const d = g.getImageData(0, 0, 32, 32).data;
  const out = new Uint8Array(32 * 32);
  for (let i = 0; i < out.length; i++)
    out[i] = Math.round(0.299 * d[i * 4]! + 0.587 * d[i * 4 + 1]! + 0.114 * d[i * 4 + 2]!);
  return out;
}

/** Mean absolute difference of two thumbnails (0–255). */
export function thumbDiff(a: Uint8Array, b: Uint8Array) {
  let sum = 0;
  for (let i = 0; i < a.length; i++) sum += Math.abs(a[i]! - b[i]!);
  return sum / a.length;
}
