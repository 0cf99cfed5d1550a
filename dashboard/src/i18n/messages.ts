import { devicesMessagesEn, devicesMessagesId } from './messages-devices';

/**
 * Every label the dashboard shows, in both languages. Bahasa Indonesia is the reference: English
 * must define the same keys, so a screen is never half in one language.
 */
const id = {
  appTitle: 'Kendali — Pusat Kendali Kota Tangerang',
  brand: 'Kendali',
  centreName: 'Pusat Kendali Kota Tangerang',
  timeZone: 'WIB',
  languageToggle: 'Bahasa tampilan',

  linkConnecting: 'Menyambung…',
  linkLive: 'Terhubung',
  linkReconnecting: 'Terputus — menyambung ulang…',

  kpiDevicesOnline: 'Perangkat daring',
  kpiMessagesPerSecond: 'Pesan per detik',
  kpiReadingsPerSecond: 'Data tersimpan per detik',
  waitingForData: 'Menunggu data…',

  airPanelTitle: 'Kualitas udara per kecamatan',
  airPanelNote: 'PM2.5 rata-rata stasiun, µg/m³',
  columnDistrict: 'Kecamatan',
  columnPm25: 'PM2.5',
  columnIspu: 'ISPU',
  columnCategory: 'Kategori',
  ispuBaik: 'Baik',
  ispuSedang: 'Sedang',
  ispuTidakSehat: 'Tidak Sehat',
  ispuSangatTidakSehat: 'Sangat Tidak Sehat',
  ispuBerbahaya: 'Berbahaya',
  noData: 'Tidak ada data',

  waterPanelTitle: 'Tinggi muka air',
  waterPanelNote: 'pos tertinggi per kecamatan, cm',
  columnWaterLevel: 'cm',

  chartTitle: 'Tren 10 menit terakhir',
  seriesPm25: 'PM2.5 rata-rata kota µg/m³',
  seriesMessagesPerSecond: 'Pesan per detik',

  notFoundTitle: 'Halaman tidak ditemukan',
  notFoundLink: 'Buka layar dinding',

  ...devicesMessagesId,
} as const;

export type MessageKey = keyof typeof id;
export type Messages = Readonly<Record<MessageKey, string>>;

const en: Messages = {
  appTitle: 'Kendali — Kota Tangerang Control Centre',
  brand: 'Kendali',
  centreName: 'Kota Tangerang Control Centre',
  timeZone: 'WIB',
  languageToggle: 'Display language',

  linkConnecting: 'Connecting…',
  linkLive: 'Live',
  linkReconnecting: 'Disconnected — reconnecting…',

  kpiDevicesOnline: 'Devices online',
  kpiMessagesPerSecond: 'Messages per second',
  kpiReadingsPerSecond: 'Readings stored per second',
  waitingForData: 'Waiting for data…',

  airPanelTitle: 'Air quality by district',
  airPanelNote: 'mean PM2.5 of stations, µg/m³',
  columnDistrict: 'District',
  columnPm25: 'PM2.5',
  columnIspu: 'ISPU',
  columnCategory: 'Category',
  ispuBaik: 'Good',
  ispuSedang: 'Moderate',
  ispuTidakSehat: 'Unhealthy',
  ispuSangatTidakSehat: 'Very Unhealthy',
  ispuBerbahaya: 'Hazardous',
  noData: 'No data',

  waterPanelTitle: 'Water level',
  waterPanelNote: 'highest gauge per district, cm',
  columnWaterLevel: 'cm',

  chartTitle: 'Last 10 minutes',
  seriesPm25: 'City mean PM2.5 µg/m³',
  seriesMessagesPerSecond: 'Messages per second',

  notFoundTitle: 'Page not found',
  notFoundLink: 'Open the wall screen',

  ...devicesMessagesEn,
};

export const languages = ['id', 'en'] as const;
export type Language = (typeof languages)[number];

export const messages: Readonly<Record<Language, Messages>> = { id, en };

/** Locale for Intl number, date and relative-time formats. */
export const locales: Readonly<Record<Language, string>> = { id: 'id-ID', en: 'en-GB' };
