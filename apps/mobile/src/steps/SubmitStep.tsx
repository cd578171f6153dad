import { Button } from 'antd-mobile';
import { useTranslation } from 'react-i18next';
import { useSubmit } from '../lib/use-submit';
import { ErrorNote } from '../components/ErrorNote';
import type { StepProps } from '../pages/ApplyPage';

/** Everything is done but not yet sent (e.g. the connection dropped at the last call): 提交. */
export function SubmitStep({ app, onChange }: StepProps) {
  const { t } = useTranslation();
  const { submit, busy, error } = useSubmit(app.id, onChange);
  return (
    <>
      <h1>{t('提交申请')}</h1>
      <div className="card">
        {app.missing.length ? (
          <ul style={{ margin: 0, paddingLeft: 20 }}>
            {app.missing.map((m) => (
              <li key={m.field}>{m.message}</li>
            ))}
          </ul>
        ) : (
          <div>{t('资料已齐全，请提交公证申请。')}</div>
        )}
      </div>
      <ErrorNote message={error} />
      <Button block color="primary" size="large" loading={busy} onClick={() => void submit()}>
        {t('提交资料，完成')}
      </Button>
    </>
  );
}
