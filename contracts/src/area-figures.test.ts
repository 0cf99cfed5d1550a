import { describe, expect, it } from 'vitest';
import { areaFigures } from './area-figures';
import type { Reading } from './messages/reading';
import { siagaThresholdsOf } from './siaga-thresholds';

const now = Date.UTC(2025, 10, 22, 3, 0, 0);
const reading = (deviceId: string, kind: Reading['kind'], fields: Reading['fields'], ts = now - 1_000): Reading => ({ deviceId, kind, district: 'Periuk', ts, receivedAt: ts, fields });

describe('area figures', () => {
  it('combine current readings: ISPU of mean pollutants, the post nearest Siaga 1, traffic and Wi-Fi sums', () => {
    const figures = areaFigures(
      [
        reading('aq-1', 'air-quality', { pm25: 20, pm10: 300 }),
        reading('aq-2', 'air-quality', { pm25: 40 }),
        reading('wl-big', 'water-level', { waterLevelCm: 450 }),
        reading('wl-small', 'water-level', { waterLevelCm: 240 }),
        reading('tc-1', 'traffic', { vehicleCount: 50, intervalS: 30, avgSpeedKmh: 20, congested: false }),
        reading('tc-2', 'traffic', { vehicleCount: 10, intervalS: 60, avgSpeedKmh: 40, congested: true }),
        reading('ap-1', 'wifi-ap', { clients: 12 }),
        reading('ap-2', 'wifi-ap', { clients: 30 }, now - 10 * 60_000), // stale
      ],
      (id) => (id === 'wl-small' ? { siaga3Cm: 150, siaga2Cm: 190, siaga1Cm: 230 } : siagaThresholdsOf('water-level', {})),
      now,
    );
    expect(figures.pm25MeanUgm3).toBe(30);
    expect(figures.ispu).toMatchObject({ critical: 'pm10', category: 'tidak-sehat' });
    expect(figures.highestPost).toMatchObject({ deviceId: 'wl-small', siaga: 1, levelCm: 240 });
    expect(figures.vehiclesPerMinute).toBe(110);
    expect(figures.speedMeanKmh).toBe(30);
    expect(figures.congestedJunctions).toBe(1);
    expect(figures.wifiClients).toBe(12);
  });

  it('finds Siaga levels in metadata, then the named gate, then the defaults', () => {
    expect(siagaThresholdsOf('water-level', { siaga3Cm: 1, siaga2Cm: 2, siaga1Cm: 3 })).toEqual({ siaga3Cm: 1, siaga2Cm: 2, siaga1Cm: 3 });
    expect(siagaThresholdsOf('water-level', { gate: 'kali-ledug' })).toEqual({ siaga3Cm: 220, siaga2Cm: 260, siaga1Cm: 300 });
    expect(siagaThresholdsOf('water-level', {})).toEqual({ siaga3Cm: 300, siaga2Cm: 400, siaga1Cm: 500 });
    expect(siagaThresholdsOf('traffic', {})).toBeNull();
  });
});
