import type { Language } from './messages';

/** Short age units for dense tables ("12 d lalu" = 12 detik / "12 s ago"). */
const units: Readonly<Record<Language, { readonly s: string; readonly min: string; readonly h: string; readonly d: string; readonly ago: (n: string) => string }>> = {
  id: { s: 'd', min: 'mnt', h: 'j', d: 'hr', ago: (n) => `${n} lalu` },
  en: { s: 's', min: 'min', h: 'h', d: 'd', ago: (n) => `${n} ago` },
};

const second = 1_000;
const minute = 60 * second;
const hour = 60 * minute;
const day = 24 * hour;

/**
 * How long ago, compact and whole: seconds under a minute, minutes under an hour, hours under two
 * days, then days. Negative ages (a device clock ahead of the server) count as zero.
 */
export function compactAge(ms: number, lang: Language): string {
  const u = units[lang];
  const age = Math.max(0, ms);
  if (age < minute) return u.ago(`${Math.floor(age / second)} ${u.s}`);
  if (age < hour) return u.ago(`${Math.floor(age / minute)} ${u.min}`);
  if (age < 2 * day) return u.ago(`${Math.floor(age / hour)} ${u.h}`);
  return u.ago(`${Math.floor(age / day)} ${u.d}`);
}
