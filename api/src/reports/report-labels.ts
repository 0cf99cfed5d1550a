import type { AlarmSeverity, ReportLanguage, ReportPeriodKind, SiagaLevel } from '@kendali/contracts';

/** Every word a report prints, in Bahasa Indonesia and English. */
export interface ReportLabels {
  readonly lang: ReportLanguage;
  readonly title: Readonly<Record<ReportPeriodKind, string>>;
  readonly generatedAt: string;
  readonly coveredUntil: string;
  readonly page: (page: number, pages: number) => string;
  readonly summary: string;
  readonly readingsStored: string;
  readonly alarmsRaised: string;
  readonly availabilityOverall: string;
  readonly ispuTitle: string;
  readonly ispuNote: string;
  readonly ispuMean: string;
  readonly ispuMax: string;
  readonly siagaTitle: string;
  readonly siagaNote: string;
  readonly siaga: Readonly<Record<SiagaLevel, string>>;
  readonly noData: string;
  readonly hoursUnit: string;
  readonly highest: string;
  readonly alarmsTitle: string;
  readonly alarmsNote: string;
  readonly severity: Readonly<Record<AlarmSeverity, string>>;
  readonly raised: string;
  readonly acknowledged: string;
  readonly ackMedian: string;
  readonly ackP90: string;
  readonly availabilityTitle: string;
  readonly availabilityNote: string;
  readonly devices: string;
  readonly nothing: string;
}

const id: ReportLabels = {
  lang: 'id',
  title: { daily: 'Laporan Harian', monthly: 'Laporan Bulanan' },
  generatedAt: 'Dibuat',
  coveredUntil: 'Periode masih berjalan: data sampai',
  page: (page, pages) => `Halaman ${page} dari ${pages}`,
  summary: 'Ringkasan',
  readingsStored: 'Pembacaan tersimpan',
  alarmsRaised: 'Alarm muncul',
  availabilityOverall: 'Ketersediaan perangkat',
  ispuTitle: 'Kualitas udara (ISPU) per kecamatan',
  ispuNote: 'ISPU per jam dari rata-rata konsentrasi (µg/m³) stasiun kecamatan (PermenLHK P.14/2020); batang = rata-rata, garis = tertinggi.',
  ispuMean: 'rata-rata',
  ispuMax: 'tertinggi',
  siagaTitle: 'Jam pada tiap level Siaga per pos pantau air',
  siagaNote: 'Tiap 15 menit dihitung pada level tertinggi yang dicapai.',
  siaga: { 4: 'Siaga 4 · Normal', 3: 'Siaga 3 · Waspada', 2: 'Siaga 2 · Siaga', 1: 'Siaga 1 · Awas' },
  noData: 'Tanpa data',
  hoursUnit: 'jam',
  highest: 'tertinggi',
  alarmsTitle: 'Alarm per tingkat keparahan',
  alarmsNote: 'Alarm yang muncul dalam periode ini; waktu tanggap = dari muncul sampai diakui dalam periode ini.',
  severity: { critical: 'Kritis', major: 'Mayor', minor: 'Minor', warning: 'Peringatan' },
  raised: 'muncul',
  acknowledged: 'diakui',
  ackMedian: 'median tanggap',
  ackP90: 'persentil 90',
  availabilityTitle: 'Ketersediaan perangkat per kecamatan',
  availabilityNote: 'Bagian pembacaan yang diharapkan (menurut interval tiap jenis perangkat) yang benar-benar diterima.',
  devices: 'perangkat',
  nothing: 'Tidak ada perangkat jenis ini.',
};

const en: ReportLabels = {
  lang: 'en',
  title: { daily: 'Daily Report', monthly: 'Monthly Report' },
  generatedAt: 'Generated',
  coveredUntil: 'Period still under way: data up to',
  page: (page, pages) => `Page ${page} of ${pages}`,
  summary: 'Summary',
  readingsStored: 'Readings stored',
  alarmsRaised: 'Alarms raised',
  availabilityOverall: 'Device availability',
  ispuTitle: 'Air quality (ISPU) per district',
  ispuNote: "Hourly ISPU of the mean concentration (µg/m³) of the district's stations (PermenLHK P.14/2020); bar = mean, line = highest.",
  ispuMean: 'mean',
  ispuMax: 'highest',
  siagaTitle: 'Hours at each Siaga level per water post',
  siagaNote: 'Each quarter hour counts at the highest level it reached.',
  siaga: { 4: 'Siaga 4 · Normal', 3: 'Siaga 3 · Watch', 2: 'Siaga 2 · Alert', 1: 'Siaga 1 · Danger' },
  noData: 'No data',
  hoursUnit: 'h',
  highest: 'highest',
  alarmsTitle: 'Alarms by severity',
  alarmsNote: 'Alarms raised in the period; time to acknowledge = from raise to acknowledgement within the period.',
  severity: { critical: 'Critical', major: 'Major', minor: 'Minor', warning: 'Warning' },
  raised: 'raised',
  acknowledged: 'acknowledged',
  ackMedian: 'median to ack',
  ackP90: '90th percentile',
  availabilityTitle: 'Device availability per district',
  availabilityNote: 'Share of the expected readings (by each kind’s reporting interval) that arrived.',
  devices: 'devices',
  nothing: 'No devices of this kind.',
};

export const reportLabels: Readonly<Record<ReportLanguage, ReportLabels>> = { id, en };
