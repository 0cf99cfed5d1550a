import type { CityHistory } from '@kendali/contracts';

const hourMs = 3_600_000;
const from = Date.parse('2026-10-24T00:00:00+07:00');
const to = Date.parse('2026-11-23T00:00:00+07:00');

const hourly = (values: readonly number[]) => values.map((value, i) => ({ t: from + i * hourMs, value }));

/**
 * The OpenAPI document's example answer: the mean and highest PM2.5 of two districts of Kota
 * Tangerang, per hour over 30 days (the first hours of each series shown), from the hourly roll-up.
 */
export const cityHistoryExample: CityHistory = {
  from,
  to,
  everyMs: hourMs,
  groupBy: 'district',
  series: [
    { group: 'Cipondoh', kind: 'air-quality', field: 'pm25', unit: 'µg/m³', fn: 'max', tier: '1h', points: hourly([48.2, 51.7, 44.9]) },
    { group: 'Cipondoh', kind: 'air-quality', field: 'pm25', unit: 'µg/m³', fn: 'mean', tier: '1h', points: hourly([36.4, 38.1, 33.0]) },
    { group: 'Karawaci', kind: 'air-quality', field: 'pm25', unit: 'µg/m³', fn: 'max', tier: '1h', points: hourly([61.3, 58.8, 55.2]) },
    { group: 'Karawaci', kind: 'air-quality', field: 'pm25', unit: 'µg/m³', fn: 'mean', tier: '1h', points: hourly([42.7, 44.5, 40.1]) },
  ],
};
