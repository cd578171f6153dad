// 简体中文 by default; 繁體中文 (Hong Kong) and English for non-mainland buyers. The keys are the
// simplified Chinese text itself (the manual's names), so the default needs no dictionary.
import i18n from 'i18next';
import { initReactI18next } from 'react-i18next';
import { zhHK } from './locales/zh-HK';
import { en } from './locales/en';

export const LANGUAGES = [
  { code: 'zh-CN', label: '简体中文' },
  { code: 'zh-HK', label: '繁體中文' },
  { code: 'en', label: 'English' },
] as const;

const KEY = 'netsign.lang';
const saved = typeof localStorage !== 'undefined' ? localStorage.getItem(KEY) : null;

void i18n.use(initReactI18next).init({
  lng: saved && LANGUAGES.some((l) => l.code === saved) ? saved : 'zh-CN',
  fallbackLng: 'zh-CN',
  keySeparator: false,
  nsSeparator: false,
  interpolation: { escapeValue: false },
  resources: {
    'zh-CN': { translation: {} },
    'zh-HK': { translation: zhHK },
    en: { translation: en },
  },
});

i18n.on('languageChanged', (lng) => {
  localStorage.setItem(KEY, lng);
  document.documentElement.lang = lng;
});
document.documentElement.lang = i18n.language;

export default i18n;
