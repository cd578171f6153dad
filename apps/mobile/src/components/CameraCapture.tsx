import { useEffect, useState } from 'react';
import { Button } from 'antd-mobile';
import { useTranslation } from 'react-i18next';
import { useCamera } from '../lib/camera';
import { ErrorNote } from './ErrorNote';
import { UploadSheet, useUploadProgress, type Upload } from './UploadSheet';

export interface CameraCaptureProps {
  title: string;
  tip: string;
  facing: 'user' | 'environment';
  guide: 'card' | 'portrait';
  onCancel: () => void;
  /** sends the photo (progress 0–100); throws with a message to show, then 重试 or 重拍 */
  upload: Upload;
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
  const progress = useUploadProgress(upload);

  useEffect(() => {
    if (!photo) return setUrl(null);
    const u = URL.createObjectURL(photo);
    setUrl(u);
    return () => URL.revokeObjectURL(u);
  }, [photo]);

  const shoot = async () => {
    progress.setError(null);
    const b = await cam.jpegBlob(0.9);
    if (!b) return progress.setError(t('相机尚未就绪，请稍候再拍'));
    setPhoto(b);
  };

  return (
    <UploadSheet
      title={title}
      onCancel={onCancel}
      progress={progress}
      notes={<ErrorNote message={cam.error && t(cam.error)} onRetry={cam.retry} />}
      actions={!photo ? (
        <Button color="primary" size="large" disabled={!cam.ready} onClick={() => void shoot()}>{t('拍照')}</Button>
      ) : (
        <>
          <Button size="large" disabled={progress.uploading} onClick={() => { setPhoto(null); progress.reset(); }}>{t('重拍')}</Button>
          <Button color="primary" size="large" loading={progress.uploading} onClick={() => void progress.send(photo)}>{progress.error ? t('重试') : t('使用照片')}</Button>
        </>
      )}
    >
      <div className="camera">
        {url ? <img src={url} alt={t('拍摄的照片')} /> : <video ref={cam.videoRef} className={facing === 'user' ? 'mirror' : ''} playsInline muted aria-label={t('相机取景')} />}
        {!url && (guide === 'card' ? <div className="card-frame" /> : <div className="oval" style={{ width: '70%', height: '55%', top: '40%' }} />)}
        <div className="camera-caption">{t(tip)}</div>
      </div>
    </UploadSheet>
  );
}
