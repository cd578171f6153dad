import { useState, type ReactNode } from 'react';
import { Button, ProgressBar } from 'antd-mobile';
import { useTranslation } from 'react-i18next';
import { errorMessage } from '../lib/api';
import { ErrorNote } from './ErrorNote';

export type Upload = (file: Blob, onProgress: (pct: number) => void) => Promise<void>;

/** An upload's progress and error, for a screen that sends one picture (photo or signature). */
export function useUploadProgress(upload: Upload) {
  const [pct, setPct] = useState<number | null>(null);
  const [error, setError] = useState<string | null>(null);
  const send = async (file: Blob) => {
    setError(null);
    setPct(0);
    try {
      await upload(file, setPct);
    } catch (e) {
      setError(errorMessage(e));
      setPct(null);
    }
  };
  const reset = () => {
    setError(null);
    setPct(null);
  };
  return { pct, error, setError, send, reset, uploading: pct !== null && !error };
}

/** The full-screen sheet both capture screens use: title and 取消, the body, progress, errors, actions. */
export function UploadSheet({
  title,
  onCancel,
  progress,
  children,
  notes,
  actions,
}: {
  title: string;
  onCancel: () => void;
  progress: ReturnType<typeof useUploadProgress>;
  children: ReactNode;
  /** extra messages above the upload's own error (e.g. the camera's) */
  notes?: ReactNode;
  actions: ReactNode;
}) {
  const { t } = useTranslation();
  return (
    <div className="fullscreen" role="dialog" aria-modal="true" aria-label={title}>
      <div className="bar">
        <h2>{title}</h2>
        <Button size="small" onClick={onCancel} disabled={progress.uploading}>
          {t('取消')}
        </Button>
      </div>
      <div className="body">
        {children}
        {progress.uploading && (
          <div className="progress-line" aria-live="polite">
            {t('上传中')} {progress.pct}%
            <ProgressBar percent={progress.pct ?? 0} aria-label={t('上传进度')} />
          </div>
        )}
        {notes}
        <ErrorNote message={progress.error} />
      </div>
      <div className="actions">{actions}</div>
    </div>
  );
}
