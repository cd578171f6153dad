import type { ReactNode } from 'react';
import { useTranslation } from 'react-i18next';

/**
 * The page's top bar: a back button named 返回 and the page's title. antd-mobile's NavBar puts its
 * arrow in an unnamed, unfocusable div role="button" (issue 16 item 12), so the bar is our own.
 */
export function TopBar({ onBack, children }: { onBack: () => void; children: ReactNode }) {
  const { t } = useTranslation();
  return (
    <header className="top-bar">
      <button type="button" className="top-bar-back" aria-label={t('返回')} onClick={onBack}>
        ‹
      </button>
      <div className="top-bar-title">{children}</div>
    </header>
  );
}
