import type { Language } from './messages';
import { languages } from './messages';

const defaultLanguage: Language = 'id';
const storageKey = 'kendali.lang';
const queryKey = 'lang';

function asLanguage(value: string | null | undefined): Language | null {
  return languages.find((lang) => lang === value) ?? null;
}

/** `?lang=` wins (a wall can be set up by URL alone), then the stored choice, then Bahasa Indonesia. */
export function resolveLanguage(search: string, stored: string | null): Language {
  return asLanguage(new URLSearchParams(search).get(queryKey)) ?? asLanguage(stored) ?? defaultLanguage;
}

export function readStoredLanguage(): string | null {
  try {
    return window.localStorage.getItem(storageKey);
  } catch {
    return null; // storage disabled (kiosk profiles): the URL still works
  }
}

/** Remembers the choice and writes it into the address so a reload or a bookmark keeps it. */
export function persistLanguage(lang: Language): void {
  try {
    window.localStorage.setItem(storageKey, lang);
  } catch {
    // storage disabled: the URL below still carries the choice
  }
  const url = new URL(window.location.href);
  url.searchParams.set(queryKey, lang);
  window.history.replaceState(window.history.state, '', url);
}
