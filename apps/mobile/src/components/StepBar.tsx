import { useTranslation } from 'react-i18next';

/** The step bar: numbered stops, the current one marked for screen readers too. */
export function StepBar({ steps, current }: { steps: string[]; current: number }) {
  const { t } = useTranslation();
  return (
    <nav className="stepbar" aria-label={t('办理进度')}>
      <ol>
        {steps.map((s, i) => (
          <li
            key={s}
            className={i < current ? 'done' : i === current ? 'current' : ''}
            aria-current={i === current ? 'step' : undefined}
          >
            <span className="dot" aria-hidden>
              {i < current ? '✓' : i + 1}
            </span>
            <span className="label">{t(s)}</span>
          </li>
        ))}
      </ol>
    </nav>
  );
}
