import { Selector } from 'antd-mobile';
import { useTranslation } from 'react-i18next';
import { LANGUAGES } from '../i18n';

export function LanguagePicker() {
  const { t, i18n } = useTranslation();
  return (
    <div className="card" role="group" aria-label={t('语言')}>
      <div className="muted">{t('语言')} / Language</div>
      <Selector
        columns={3}
        options={LANGUAGES.map((l) => ({ label: l.label, value: l.code }))}
        value={[i18n.language]}
        onChange={(v) => v[0] && void i18n.changeLanguage(v[0])}
      />
    </div>
  );
}
