import { Suspense, lazy, useEffect } from 'react';
import { useQueryClient } from '@tanstack/react-query';
import { SIGNED_OUT } from './lib/api';
import { Routes, Route, useLocation, useNavigate } from 'react-router';
import { ConfigProvider, SpinLoading, TabBar } from 'antd-mobile';
import { useTranslation } from 'react-i18next';
import zhCN from 'antd-mobile/es/locales/zh-CN';
import zhHK from 'antd-mobile/es/locales/zh-HK';
import enUS from 'antd-mobile/es/locales/en-US';
import { HomePage } from './pages/HomePage';
import { ScanPage } from './pages/ScanPage';
import { LoginPage } from './pages/LoginPage';
import { CasePage } from './pages/CasePage';
import { MinePage } from './pages/MinePage';

const ApplyPage = lazy(() => import('./pages/ApplyPage'));

const LOCALES = { 'zh-CN': zhCN, 'zh-HK': zhHK, en: enUS } as const;

function Tabs() {
  const { t } = useTranslation();
  const nav = useNavigate();
  const { pathname } = useLocation();
  if (pathname !== '/' && pathname !== '/mine') return null;
  return (
    <nav className="tabbar" aria-label={t('主导航')}>
      <TabBar activeKey={pathname} onChange={(k) => nav(k)} safeArea>
        <TabBar.Item key="/" title={t('首页')} icon={<span aria-hidden>⌂</span>} />
        <TabBar.Item key="/mine" title={t('我的')} icon={<span aria-hidden>☺</span>} />
      </TabBar>
    </nav>
  );
}

/** A session that ended (expired, signed out elsewhere): forget it, so pages that need it ask to sign in. */
function useSignedOut() {
  const qc = useQueryClient();
  useEffect(() => {
    const onOut = () => {
      const me = qc.getQueryData(['me']);
      if (me) qc.setQueryData(['me'], null);
    };
    window.addEventListener(SIGNED_OUT, onOut);
    return () => window.removeEventListener(SIGNED_OUT, onOut);
  }, [qc]);
}

export function App() {
  const { i18n } = useTranslation();
  useSignedOut();
  const locale = LOCALES[i18n.language as keyof typeof LOCALES] ?? zhCN;
  return (
    <ConfigProvider locale={locale}>
      <div className="app">
        <main className="app-main">
          <Suspense
            fallback={
              <div className="center-pad">
                <SpinLoading aria-label="加载中" />
              </div>
            }
          >
            <Routes>
              <Route path="/" element={<HomePage />} />
              <Route path="/scan" element={<ScanPage />} />
              <Route path="/login" element={<LoginPage />} />
              <Route path="/case/:token" element={<CasePage />} />
              <Route path="/apply/:id" element={<ApplyPage />} />
              <Route path="/mine" element={<MinePage />} />
              <Route path="*" element={<HomePage />} />
            </Routes>
          </Suspense>
        </main>
        <Tabs />
      </div>
    </ConfigProvider>
  );
}
