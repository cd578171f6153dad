import { useTranslation } from 'react-i18next';

/** An error as the person should read it: what went wrong and what to do next. */
export function ErrorNote({
  message,
  onRetry,
  retryLabel,
}: {
  message: string | null | undefined;
  onRetry?: () => void;
  retryLabel?: string;
}) {
  const { t } = useTranslation();
  if (!message) return null;
  return (
    <div className="error-box" role="alert">
      <div>{message}</div>
      {onRetry && (
        <button
          type="button"
          className="link-button"
          onClick={onRetry}
          style={{
            marginTop: 8,
            fontSize: 16,
            minHeight: 44,
            background: 'none',
            border: 'none',
            color: '#1677ff',
            padding: 0,
          }}
        >
          {retryLabel ?? t('重试')}
        </button>
      )}
    </div>
  );
}
