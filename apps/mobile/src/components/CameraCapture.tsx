import { useEffect, useRef, useState } from 'react';
import { Button } from 'antd-mobile';
import { useTranslation } from 'react-i18next';
import { useCamera } from '../lib/camera';
import { hasLiveCamera, isWeChat } from '../lib/environment';
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
 * then 重拍 or 使用照片, the upload's progress, and 重试 when it fails. Where the page has no live
 * camera (older WeChat), 打开相机拍照 opens the phone's camera app (`capture`) instead; the capture
 * token the caller asked for before opening this screen still limits the upload to minutes.
 */
export function CameraCapture({ title, tip, facing, guide, onCancel, upload }: CameraCaptureProps) {
  const { t } = useTranslation();
  const [photo, setPhoto] = useState<Blob | null>(null);
  const [url, setUrl] = useState<string | null>(null);
  const live = hasLiveCamera();
  const cam = useCamera({ facing, enabled: live && !photo });
  const progress = useUploadProgress(upload);
  const input = useRef<HTMLInputElement | null>(null);

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

  const taken = (files: FileList | null) => {
    const f = files?.[0];
    if (input.current) input.current.value = ''; // the same picture may be chosen again after 重拍
    if (!f) return;
    if (!f.type.startsWith('image/')) return progress.setError(t('请拍摄一张照片'));
    progress.setError(null);
    setPhoto(f);
  };

  return (
    <UploadSheet
      title={title}
      onCancel={onCancel}
      progress={progress}
      notes={<ErrorNote message={cam.error && t(cam.error)} onRetry={cam.retry} />}
      actions={
        !photo ? (
          live ? (
            <Button color="primary" size="large" disabled={!cam.ready} onClick={() => void shoot()}>
              {t('拍照')}
            </Button>
          ) : (
            <Button color="primary" size="large" onClick={() => input.current?.click()}>
              {t('打开相机拍照')}
            </Button>
          )
        ) : (
          <>
            <Button
              size="large"
              disabled={progress.uploading}
              onClick={() => {
                setPhoto(null);
                progress.reset();
              }}
            >
              {t('重拍')}
            </Button>
            <Button color="primary" size="large" loading={progress.uploading} onClick={() => void progress.send(photo)}>
              {progress.error ? t('重试') : t('使用照片')}
            </Button>
          </>
        )
      }
    >
      {live || url ? (
        <div className="camera">
          {url ? (
            <img src={url} alt={t('拍摄的照片')} />
          ) : (
            <video
              ref={cam.videoRef}
              className={facing === 'user' ? 'mirror' : ''}
              playsInline
              muted
              aria-label={t('相机取景')}
            />
          )}
          {!url &&
            (guide === 'card' ? (
              <div className="card-frame" />
            ) : (
              <div className="oval" style={{ width: '70%', height: '55%', top: '40%' }} />
            ))}
          <div className="camera-caption">{t(tip)}</div>
        </div>
      ) : (
        <div className="camera-fallback" role="note">
          <p>
            {isWeChat()
              ? t('微信中不能在页面里显示相机画面，将打开手机相机拍摄。')
              : t('当前浏览器不能在页面里显示相机画面，将打开手机相机拍摄。')}
          </p>
          <p>{t(tip)}</p>
          <p>{t('点「打开相机拍照」，拍好后点「使用照片」。请现场拍摄，不要选用相册里的旧照片。')}</p>
        </div>
      )}
      {!live && (
        <input
          ref={input}
          type="file"
          accept="image/*"
          capture={facing}
          hidden
          aria-label={t('打开相机拍照')}
          onChange={(e) => taken(e.target.files)}
        />
      )}
    </UploadSheet>
  );
}
