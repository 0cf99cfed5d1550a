import { devicesMessagesEn, devicesMessagesId } from './messages-devices';
import { opsMessagesEn, opsMessagesId } from './messages-ops';
import { wallMessagesEn, wallMessagesId } from './messages-wall';

/**
 * Every label the dashboard shows, in both languages. Bahasa Indonesia is the reference: English
 * must define the same keys, so a screen is never half in one language.
 */
const id = {
  appTitle: 'Kendali — Pusat Kendali Kota Tangerang',
  brand: 'Kendali',
  centreName: 'Pusat Kendali Kota Tangerang',
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
  notFoundLink: 'Buka layar dinding',

  ...devicesMessagesId,
  ...wallMessagesId,
  ...opsMessagesId,
} as const;

export type MessageKey = keyof typeof id;
export type Messages = Readonly<Record<MessageKey, string>>;

const en: Messages = {
  appTitle: 'Kendali — Kota Tangerang Control Centre',
  brand: 'Kendali',
  centreName: 'Kota Tangerang Control Centre',
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
  notFoundLink: 'Open the wall screen',

  ...devicesMessagesEn,
  ...wallMessagesEn,
  ...opsMessagesEn,
};

export const languages = ['id', 'en'] as const;
export type Language = (typeof languages)[number];

export const messages: Readonly<Record<Language, Messages>> = { id, en };

/** Locale for Intl number, date and relative-time formats. */
export const locales: Readonly<Record<Language, string>> = { id: 'id-ID', en: 'en-GB' };
