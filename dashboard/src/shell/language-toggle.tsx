import { useI18n } from '../i18n/i18n-context';
import { languages } from '../i18n/messages';

export function LanguageToggle() {
  const { t, lang, setLanguage } = useI18n();
  return (
    <div className="lang-toggle" role="group" aria-label={t.languageToggle}>
      {languages.map((code) => (
        <button key={code} type="button" aria-pressed={code === lang} onClick={() => setLanguage(code)}>
          {code.toUpperCase()}
        </button>
      ))}
    </div>
  );
}
