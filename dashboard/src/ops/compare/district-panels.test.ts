import { describe, expect, it } from 'vitest';
import type { CityHistory } from '@kendali/contracts';
import { districtPanels, ispuBands, sharedDomain } from './district-panels';

const hour = 3_600_000;
const answer: CityHistory = {
  from: 0,
  to: 3 * hour,
  everyMs: hour,
  groupBy: 'district',
  series: [
    { group: 'Karawaci', kind: 'air-quality', field: 'pm25', unit: 'µg/m³', fn: 'mean', tier: '1h', points: [{ t: 0, value: 40 }, { t: hour, value: 80 }, { t: 2 * hour, value: 60 }] },
    { group: 'Karawaci', kind: 'air-quality', field: 'pm25', unit: 'µg/m³', fn: 'max', tier: '1h', points: [{ t: 0, value: 90 }] },
    { group: 'Cipondoh', kind: 'air-quality', field: 'pm25', unit: 'µg/m³', fn: 'mean', tier: '1h', points: [{ t: hour, value: null }, { t: 2 * hour, value: 20 }] },
  ],
};

describe('districtPanels', () => {
  it('gives each district its series of the chosen aggregate, its latest and highest value, in name order', () => {
    const panels = districtPanels(answer, [{ district: 'Karawaci', siaga: null }], 'mean', false);
    expect(panels.map((p) => [p.district, p.points.length, p.latest?.value, p.peak])).toEqual([
      ['Cipondoh', 1, 20, { t: 2 * hour, value: 20 }],
      ['Karawaci', 3, 60, { t: hour, value: 80 }],
    ]);
  });

  it('keeps a district whose devices sent nothing, empty', () => {
    const panels = districtPanels(answer, [{ district: 'Batuceper', siaga: null }], 'max', false);
    expect(panels.map((p) => [p.district, p.latest?.value ?? null])).toEqual([
      ['Batuceper', null],
      ['Karawaci', 90],
    ]);
  });

  it('shows Siaga levels only where every post of the district shares them', () => {
    const levels = { siaga3Cm: 300, siaga2Cm: 400, siaga1Cm: 500 };
    const panels = districtPanels(null, [
      { district: 'Tangerang', siaga: levels },
      { district: 'Tangerang', siaga: { ...levels } },
      { district: 'Neglasari', siaga: levels },
      { district: 'Neglasari', siaga: { ...levels, siaga1Cm: 550 } },
    ], 'mean', true);
    expect(panels.map((p) => [p.district, p.siaga?.siaga1Cm ?? null])).toEqual([
      ['Neglasari', null],
      ['Tangerang', 500],
    ]);
  });
});

describe('sharedDomain', () => {
  it('reaches the top of the ISPU band of the highest PM2.5 value', () => {
    const panels = districtPanels(answer, [], 'mean', false);
    expect(sharedDomain(panels, 'pm25')).toEqual([0, 150.4]); // 80 µg/m³ is Tidak Sehat: up to 150.4
    expect(ispuBands('pm25').map((b) => [b.category, b.from, b.to])[1]).toEqual(['sedang', 15.5, 55.4]);
  });

  it('keeps the Siaga 1 line in sight', () => {
    const panels = districtPanels(null, [{ district: 'Tangerang', siaga: { siaga3Cm: 300, siaga2Cm: 400, siaga1Cm: 500 } }], 'mean', true);
    expect(sharedDomain(panels, null)[1]).toBeCloseTo(540);
  });
});
