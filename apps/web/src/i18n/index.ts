/**
 * i18next with the two languages the portal speaks. The choice is remembered in localStorage
 * (a language tag, never anything secret) and mirrored to <html lang> for screen readers.
 */
import { FIELD_MESSAGES } from '@tradepost/web-contract';
import i18n from 'i18next';
import { initReactI18next } from 'react-i18next';
import en from './en.json';

export const LANGUAGES = [
  { code: 'en', label: 'English' },
  { code: 'zh-CN', label: '简体中文' },
] as const;
export type Language = (typeof LANGUAGES)[number]['code'];

const STORAGE_KEY = 'tradepost.language';

function initialLanguage(): Language {
  const stored = safeStorage()?.getItem(STORAGE_KEY);
  if (stored === 'en' || stored === 'zh-CN') return stored;
  return navigator.language.toLowerCase().startsWith('zh') ? 'zh-CN' : 'en';
}

function safeStorage(): Storage | undefined {
  try {
    return window.localStorage;
  } catch {
    return undefined; // storage disabled: the choice just isn't remembered
  }
}

/**
 * English is in the first load (and is the fallback); 简体中文 is a chunk of its own, fetched when
 * it is chosen or remembered, so an English visitor never downloads it (26 kB).
 */
async function switchTo(lang: Language): Promise<void> {
  if (lang === 'zh-CN' && !i18n.hasResourceBundle(lang, 'translation')) {
    const [zh, fieldMessages] = await Promise.all([
      import('./zh-CN.json'),
      import('./field-messages.zh-CN.json'),
    ]);
    i18n.addResourceBundle(lang, 'translation', { ...zh.default, fieldMessages: fieldMessages.default });
  }
  await i18n.changeLanguage(lang);
}

export async function setLanguage(lang: Language): Promise<void> {
  safeStorage()?.setItem(STORAGE_KEY, lang);
  await switchTo(lang);
}

i18n.on('languageChanged', (lng) => {
  document.documentElement.lang = lng;
});

/** Resolves once the first language's strings are in; main.tsx renders after it (no English flash). */
export const i18nReady: Promise<void> = i18n
  .use(initReactI18next)
  .init({
    // The field messages' English is the contract's catalog itself (the server sends the same
    // words); their other languages are in field-messages.<lang>.json.
    resources: { en: { translation: { ...en, fieldMessages: FIELD_MESSAGES } } },
    lng: 'en',
    fallbackLng: 'en',
    supportedLngs: ['en', 'zh-CN'],
    interpolation: { escapeValue: false }, // React escapes
    returnNull: false,
  })
  // A language whose strings cannot be fetched leaves the app in English rather than blank.
  .then(() => switchTo(initialLanguage()))
  .catch(() => undefined);

export default i18n;
