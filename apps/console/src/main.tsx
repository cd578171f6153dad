import { StrictMode } from 'react';
import { createRoot } from 'react-dom/client';
import { BrowserRouter } from 'react-router';
import { QueryClient, QueryClientProvider } from '@tanstack/react-query';
import { App as AntApp, ConfigProvider } from 'antd';
import zhCNLocale from 'antd/locale/zh_CN';
import dayjs from 'dayjs';
import 'dayjs/locale/zh-cn';
import './i18n';
import './styles.css';
import { AuthProvider } from './auth/auth';
import { App } from './App';

dayjs.locale('zh-cn');

// No animations for users who ask for reduced motion, nor under automation (headless browsers
// may never finish a leave transition, leaving e.g. a button's loading icon behind).
const motion = !(navigator.webdriver || window.matchMedia?.('(prefers-reduced-motion: reduce)').matches);

const queryClient = new QueryClient({
  defaultOptions: { queries: { retry: 1, refetchOnWindowFocus: false, staleTime: 5_000 } },
});

createRoot(document.getElementById('root')!).render(
  <StrictMode>
    <ConfigProvider
      locale={zhCNLocale}
      button={{ autoInsertSpace: false }}
      theme={{ token: { colorPrimary: '#b8322a', borderRadius: 4, motion } }}
    >
      <AntApp>
        <QueryClientProvider client={queryClient}>
          <BrowserRouter basename="/console">
            <AuthProvider>
              <App />
            </AuthProvider>
          </BrowserRouter>
        </QueryClientProvider>
      </AntApp>
    </ConfigProvider>
  </StrictMode>,
);
