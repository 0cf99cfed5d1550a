import { aboutMessagesEn, aboutMessagesId } from './messages-about';
import { auditMessagesEn, auditMessagesId } from './messages-audit';
import { commandsMessagesEn, commandsMessagesId } from './messages-commands';
import { settingsMessagesEn, settingsMessagesId } from './messages-settings';
import { signInMessagesEn, signInMessagesId } from './messages-sign-in';
import { ssoMessagesEn, ssoMessagesId } from './messages-sso';
import { devicesMessagesEn, devicesMessagesId } from './messages-devices';
import { displaysMessagesEn, displaysMessagesId } from './messages-displays';
import { kindsMessagesEn, kindsMessagesId } from './messages-kinds';
import { opsMessagesEn, opsMessagesId } from './messages-ops';
import { wallMessagesEn, wallMessagesId } from './messages-wall';

/**
 * Every label the dashboard shows, in both languages. Bahasa Indonesia is the reference: English
 * must define the same keys, so a screen is never half in one language.
 */
const id = {
  appTitle: 'Kendali — Pusat Kendali Kota',
  appTitleCity: 'Kendali — Pusat Kendali {city}',
  brand: 'Kendali',
  languageToggle: 'Bahasa tampilan',
  linkConnecting: 'Menyambung…',
  linkLive: 'Terhubung',
  linkReconnecting: 'Terputus — menyambung ulang…',
  kpiDevicesOnline: 'Daring',
  kpiReadings: 'Data masuk',
  kpiPerSecond: 'per detik',
  waitingForData: 'Menunggu data…',
  columnIspu: 'ISPU',
  noData: 'Tidak ada data',
  columnWaterLevel: 'cm',
  notFoundTitle: 'Halaman tidak ditemukan',
  citiesWaiting: 'Menunggu data kota dari server…',
  bannerDiskLow: 'Disk data hampir penuh',
  bannerDiskCritical: 'Disk data kritis: kosongkan ruang sekarang',
  bannerDiskFree: '{free} tersisa',
  notFoundLink: 'Buka layar dinding',

  ...devicesMessagesId,
  ...kindsMessagesId,
  ...wallMessagesId,
  ...opsMessagesId,
  ...aboutMessagesId,
  ...commandsMessagesId,
  ...auditMessagesId,
  ...settingsMessagesId,
  ...signInMessagesId,
  ...ssoMessagesId,
  ...displaysMessagesId,
} as const;

export type MessageKey = keyof typeof id;
export type Messages = Readonly<Record<MessageKey, string>>;

const en: Messages = {
  appTitle: 'Kendali — City Control Centre',
  appTitleCity: 'Kendali — {city} Control Centre',
  brand: 'Kendali',
  languageToggle: 'Display language',
  linkConnecting: 'Connecting…',
  linkLive: 'Live',
  linkReconnecting: 'Disconnected — reconnecting…',
  kpiDevicesOnline: 'Online',
  kpiReadings: 'Readings',
  kpiPerSecond: 'per second',
  waitingForData: 'Waiting for data…',
  columnIspu: 'ISPU',
  noData: 'No data',
  columnWaterLevel: 'cm',
  notFoundTitle: 'Page not found',
  citiesWaiting: 'Waiting for the city data from the server…',
  bannerDiskLow: 'Data disk almost full',
  bannerDiskCritical: 'Data disk critical: free space now',
  bannerDiskFree: '{free} left',
  notFoundLink: 'Open the wall screen',

  ...devicesMessagesEn,
  ...kindsMessagesEn,
  ...wallMessagesEn,
  ...opsMessagesEn,
  ...aboutMessagesEn,
  ...commandsMessagesEn,
  ...auditMessagesEn,
  ...settingsMessagesEn,
  ...signInMessagesEn,
  ...ssoMessagesEn,
  ...displaysMessagesEn,
};

export const languages = ['id', 'en'] as const;
export type Language = (typeof languages)[number];

export const messages: Readonly<Record<Language, Messages>> = { id, en };

/** Locale for Intl number, date and relative-time formats. */
export const locales: Readonly<Record<Language, string>> = { id: 'id-ID', en: 'en-GB' };
