import { useState } from 'react';
import { Button, List, Tag } from 'antd-mobile';
import { useTranslation } from 'react-i18next';
import { errorMessage, post } from '../lib/api';
import { ZApplicationView } from '@netsign/api';
import { ErrorNote } from '../components/ErrorNote';
import { PdfReader } from '../components/PdfReader';
import type { StepProps } from '../pages/ApplyPage';

/** The four documents, read page by page; 同意继续 only once every page of each was shown. */
export function ReadStep({ app, onChange }: StepProps) {
  const { t } = useTranslation();
  const [open, setOpen] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const doc = app.documents.find((d) => d.id === open);
  const allRead = app.documents.length === 4 && app.documents.every((d) => d.completed);

  const agree = async () => {
    setBusy(true);
    setError(null);
    try {
      onChange(
        await post(
          `/api/buyer/applications/${app.id}/agree`,
          { documents: app.documents.map((d) => ({ id: d.id, version: d.version })) },
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
      <h1>{t('阅读文件')}</h1>
      <div className="hint">{t('请逐页阅读以下四份文件并核实内容，全部读完后点「同意继续」。')}</div>
      <List mode="card" aria-label={t('需阅读的文件')}>
        {app.documents.map((d) => (
          <List.Item
            key={d.id}
            arrow
            onClick={() => setOpen(d.id)}
            description={t('共 {{n}} 页', { n: d.pages })}
            extra={
              <Tag color={d.completed ? 'success' : 'default'} fill="outline">
                {d.completed ? t('已读完') : t('已阅读 {{n}}/{{total}} 页', { n: d.seen.length, total: d.pages })}
              </Tag>
            }
          >
            <span>{t(d.title)}</span>
          </List.Item>
        ))}
      </List>
      <ErrorNote message={error} />
      {!allRead && <div className="hint">{t('还有文件未读完，读完全部页面后才能同意继续。')}</div>}
      <Button block color="primary" size="large" disabled={!allRead} loading={busy} onClick={() => void agree()}>
        {t('同意继续')}
      </Button>
      {doc && <PdfReader appId={app.id} doc={doc} onChange={onChange} onClose={() => setOpen(null)} />}
    </>
  );
}
