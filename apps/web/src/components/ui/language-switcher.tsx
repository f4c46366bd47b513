import { useTranslation } from 'react-i18next';
import { LANGUAGES, setLanguage, type Language } from '../../i18n/index.ts';
import { Select } from './select.tsx';

export function LanguageSwitcher() {
  const { t, i18n } = useTranslation();
  return (
    <Select
      className="language-switcher"
      label={t('common.language')}
      options={LANGUAGES.map((l) => ({ id: l.code, label: l.label }))}
      value={i18n.resolvedLanguage ?? 'en'}
      onChange={(v) => void setLanguage(v as Language)}
    />
  );
}
