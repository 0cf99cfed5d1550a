import type { CityZone } from '@kendali/contracts';
import { cityZone } from '@kendali/contracts';
import type { ReactNode } from 'react';
import { createContext, useCallback, useContext, useEffect, useMemo, useState } from 'react';
import type { Formatters } from './format';
import { createFormatters } from './format';
import { persistLanguage, readStoredLanguage, resolveLanguage } from './language';
import type { Language, Messages } from './messages';
import { locales, messages } from './messages';

export interface I18n {
  readonly lang: Language;
  readonly t: Messages;
  /** Formatters in the room's zone inside `CityZoneFormats`; Kendali's default zone (WIB) outside it. */
  readonly format: Formatters;
  setLanguage(lang: Language): void;
}

const I18nContext = createContext<I18n | null>(null);

export function I18nProvider({ children }: { readonly children: ReactNode }) {
  const [lang, setLang] = useState<Language>(() => resolveLanguage(window.location.search, readStoredLanguage()));

  const setLanguage = useCallback((next: Language) => {
    persistLanguage(next);
    setLang(next);
  }, []);

  const value = useMemo<I18n>(
    () => ({ lang, t: messages[lang], format: createFormatters(locales[lang], cityZone), setLanguage }),
    [lang, setLanguage],
  );

  useEffect(() => {
    document.documentElement.lang = lang;
    document.title = value.t.appTitle;
  }, [lang, value]);

  return <I18nContext.Provider value={value}>{children}</I18nContext.Provider>;
}

/**
 * Times in the room's own zone below this point: the language comes from `I18nProvider` (the
 * sign-in page needs it before the cities are known), the zone from the cities the room watches.
 */
export function CityZoneFormats({ zone, children }: { readonly zone: CityZone; readonly children: ReactNode }) {
  const outer = useI18n();
  const value = useMemo<I18n>(() => ({ ...outer, format: createFormatters(locales[outer.lang], zone) }), [outer, zone]);
  return <I18nContext.Provider value={value}>{children}</I18nContext.Provider>;
}

/** One fixed language, no address or storage: for rendering outside a page (component tests). */
export function FixedLanguageProvider({ lang, zone = cityZone, children }: { readonly lang: Language; readonly zone?: CityZone; readonly children: ReactNode }) {
  const value = useMemo<I18n>(() => ({ lang, t: messages[lang], format: createFormatters(locales[lang], zone), setLanguage: () => {} }), [lang, zone]);
  return <I18nContext.Provider value={value}>{children}</I18nContext.Provider>;
}

export function useI18n(): I18n {
  const i18n = useContext(I18nContext);
  if (!i18n) throw new Error('useI18n needs an <I18nProvider> above it');
  return i18n;
}
