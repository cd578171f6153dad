import { useState } from 'react';
import { Button, Dialog, SpinLoading } from 'antd-mobile';
import { useQuery } from '@tanstack/react-query';
import { useTranslation } from 'react-i18next';
import { ZApplicationView, ZConsentText } from '@netsign/api';
import { errorMessage, get, post } from '../lib/api';
import { ErrorNote } from '../components/ErrorNote';
import type { StepProps } from '../pages/ApplyPage';

type Lang = 'zh-CN' | 'zh-HK' | 'en';

/**
 * 个人信息保护法 art. 14, 29: what this route processes, and the separate consent before any face is
 * processed. The face route may refuse and take the document + video route; on that route refusing
 * only stops the face comparison. The server's text is in the buyer's language (the Chinese is recorded).
 */
export function ConsentStep({ app, onChange }: StepProps) {
  const { t, i18n } = useTranslation();
  const q = useQuery({
    queryKey: ['consent-text', app.route],
    queryFn: () => get(`/api/buyer/consent-text?route=${app.route}`, ZConsentText),
  });
  const lang: Lang = i18n.language === 'zh-HK' || i18n.language === 'en' ? i18n.language : 'zh-CN';
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);

  const answer = async (accepted: boolean) => {
    if (!q.data) return;
    if (!accepted) {
      const ok = await Dialog.confirm({
        content:
          app.route === 'face'
            ? t('不同意处理人脸信息时，将改用「身份证明文件 + 佐证视频」方式核验身份。确定吗？')
            : t('不同意时，证件照片不做人像比对，公证员将人工核对佐证视频。确定吗？'),
        confirmText: t('确定'),
        cancelText: t('取消'),
      });
      if (!ok) return;
    }
    setBusy(true);
    setError(null);
    try {
      onChange(
        await post(
          `/api/buyer/applications/${app.id}/consent`,
          { accepted, textVersion: q.data.version },
          {},
          ZApplicationView,
        ),
      );
    } catch (e) {
      setError(errorMessage(e));
    } finally {
      setBusy(false);
    }
  };

  return (
    <>
      <h1>{app.route === 'face' ? t('人脸信息处理单独同意') : t('个人信息处理告知及人像比对同意')}</h1>
      <div className="card">
        {q.isLoading && <SpinLoading aria-label={t('加载中')} />}
        <ErrorNote message={q.error && errorMessage(q.error)} onRetry={() => void q.refetch()} />
        {q.data && <p style={{ lineHeight: 1.7, margin: 0 }}>{q.data.text[lang]}</p>}
        {q.data && (
          <div className="muted">
            {t('版本')}：{q.data.version}
          </div>
        )}
      </div>
      <ErrorNote message={error} />
      <Button block color="primary" size="large" loading={busy} disabled={!q.data} onClick={() => void answer(true)}>
        {app.route === 'face' ? t('同意') : t('同意人像比对')}
      </Button>
      <Button block size="large" disabled={!q.data || busy} onClick={() => void answer(false)}>
        {app.route === 'face' ? t('不同意') : t('不同意人像比对')}
      </Button>
    </>
  );
}
