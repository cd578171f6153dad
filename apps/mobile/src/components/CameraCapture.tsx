import { useEffect, useState } from 'react';
import { Button, ProgressBar } from 'antd-mobile';
import { useTranslation } from 'react-i18next';
import { errorMessage } from '../lib/api';
import { useCamera } from '../lib/camera';
import { ErrorNote } from './ErrorNote';

export interface CameraCaptureProps {
  title: string;
  tip: string;
  facing: 'user' | 'environment';
  guide: 'card' | 'portrait';
  onCancel: () => void;
  /** sends the photo (progress 0–100); throws with a message to show, then 重试 or 重拍 */
  upload: (photo: Blob, onProgress: (pct: number) => void) => Promise<void>;
}

/**
 * Takes a photo with the live camera, full screen, with a frame to align the card or the person;
 * then 重拍 or 使用照片, the upload's progress, and 重试 when it fails.
 */
export function CameraCapture({ title, tip, facing, guide, onCancel, upload }: CameraCaptureProps) {
  const { t } = useTranslation();
  const [photo, setPhoto] = useState<Blob | null>(null);
  const [url, setUrl] = useState<string | null>(null);
  const cam = useCamera({ facing, enabled: !photo });
  const [pct, setPct] = useState<number | null>(null);
  const [error, setError] = useState<string | null>(null);

  useEffect(() => {
    if (!photo) return setUrl(null);
    const u = URL.createObjectURL(photo);
    setUrl(u);
    return () => URL.revokeObjectURL(u);
  }, [photo]);

  const shoot = async () => {
    setError(null);
    const b = await cam.jpegBlob(0.9);
    if (!b) return setError(t('相机尚未就绪，请稍候再拍'));
    setPhoto(b);
  };

  const send = async () => {
    if (!photo) return;
    setError(null);
    setPct(0);
    try {
      await upload(photo, setPct);
    } catch (e) {
      setError(errorMessage(e));
      setPct(null);
    }
  };

  const uploading = pct !== null && !error;
  return (
    <div className="fullscreen" role="dialog" aria-modal="true" aria-label={title}>
      <div className="bar">
        <h2>{title}</h2>
        <Button size="small" onClick={onCancel} disabled={uploading}>{t('取消')}</Button>
      </div>
      <div className="body">
        <div className="camera">
          {url ? <img src={url} alt={t('拍摄的照片')} /> : <video ref={cam.videoRef} className={facing === 'user' ? 'mirror' : ''} playsInline muted aria-label={t('相机取景')} />}
          {!url && (guide === 'card' ? <div className="card-frame" /> : <div className="oval" style={{ width: '70%', height: '55%', top: '40%' }} />)}
          <div className="camera-caption">{t(tip)}</div>
        </div>
        {uploading && (
          <div className="progress-line" aria-live="polite">
            {t('上传中')} {pct}%
            <ProgressBar percent={pct ?? 0} aria-label={t('上传进度')} />
          </div>
        )}
        <ErrorNote message={cam.error && t(cam.error)} onRetry={cam.retry} />
        <ErrorNote message={error} />
      </div>
      <div className="actions">
        {!photo ? (
          <Button color="primary" size="large" disabled={!cam.ready} onClick={() => void shoot()}>{t('拍照')}</Button>
        ) : (
          <>
            <Button size="large" disabled={uploading} onClick={() => { setPhoto(null); setError(null); setPct(null); }}>{t('重拍')}</Button>
            <Button color="primary" size="large" loading={uploading} onClick={() => void send()}>{error ? t('重试') : t('使用照片')}</Button>
          </>
        )}
      </div>
    </div>
  );
}
