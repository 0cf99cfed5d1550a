import type { Reading } from '@kendali/contracts';
import { kotaTangerang } from '@kendali/contracts';
import { describe, expect, it } from 'vitest';
import { airQualityByDistrict, waterLevelByDistrict } from './district-summary';

const now = Date.UTC(2025, 10, 22, 3, 0, 0);

const reading = (deviceId: string, district: string, ts: number, fields: Reading['fields'], kind: Reading['kind']): Reading => ({
  deviceId,
  kind,
  district,
  ts,
  receivedAt: ts,
  fields,
});

describe('airQualityByDistrict', () => {
  it('averages the district’s stations and computes ISPU, one row per kecamatan', () => {
    const rows = airQualityByDistrict(
      kotaTangerang.districts,
      [
        reading('aq-1', 'Karang Tengah', now - 10_000, { pm25: 30 }, 'air-quality'),
        reading('aq-2', 'karang-tengah', now - 20_000, { pm25: 40 }, 'air-quality'),
        reading('wl-1', 'Karang Tengah', now, { waterLevelCm: 120 }, 'water-level'),
      ],
      now,
    );
    expect(rows).toHaveLength(13);
    const row = rows.find((r) => r.district.name === 'Karang Tengah');
    expect(row?.pm25).toEqual({ value: 35, current: true, newestTs: now - 10_000, devices: 2 });
    expect(row?.ispu?.category).toBe('sedang');
    expect(rows.find((r) => r.district.name === 'Benda')?.ispu).toBeNull();
  });

  it('marks a district stale when all of its values are stale', () => {
    const old = now - 10 * 60_000;
    const [row] = airQualityByDistrict(
      kotaTangerang.districts.slice(0, 1),
      [reading('aq-1', 'Tangerang', old, { pm25: 80 }, 'air-quality')],
      now,
    );
    expect(row?.pm25).toMatchObject({ value: 80, current: false, newestTs: old });
  });
});

describe('waterLevelByDistrict', () => {
  it('shows the highest current level of the district’s posts', () => {
    const rows = waterLevelByDistrict(
      kotaTangerang.districts,
      [
        reading('wl-1', 'Periuk', now, { waterLevelCm: 120 }, 'water-level'),
        reading('wl-2', 'Periuk', now, { waterLevelCm: 310 }, 'water-level'),
        reading('wl-3', 'Periuk', now - 60 * 60_000, { waterLevelCm: 900 }, 'water-level'),
      ],
      now,
    );
    expect(rows.find((r) => r.district.name === 'Periuk')?.waterLevelCm).toMatchObject({ value: 310, current: true });
  });
});
