import { describe, expect, it } from 'vitest';
import { kotaTangerang } from '@kendali/contracts';
import { buildFleet } from '../fleet';
import { mulberry32 } from '../prng';
import { sampleReading } from '../sample-reading';
import { parseScenarioList } from './scenario-names';
import { planScenarios } from './scenario-plan';

const fleet = buildFleet({ devices: 400, seed: 1 });
const atMs = Date.UTC(2026, 0, 12, 3); // Monday 10:00 WIB
const tidakSehatFromPm25 = 55.4; // ISPU 100 (PermenLHK P.14/2020)
const sangatTidakSehatFromPm25 = 150.4; // ISPU 200

describe('the smog drill', () => {
  const plan = planScenarios({ fleet, city: kotaTangerang, seed: 1, scenarios: ['smog'] });
  const stations = fleet.filter((device) => device.kind === 'air-quality');
  const pm25At = (drillMs: number) =>
    stations.map((device) => ({ device, pm25: plan.scriptFor(device).shape(sampleReading(device, atMs, mulberry32(1)), drillMs).pm25 as number }));

  it('puts PM2.5 into Tidak Sehat in some districts within 30 s and Sangat Tidak Sehat in the worst after 2 minutes', () => {
    const smoggy = (pm25: number) => pm25 > tidakSehatFromPm25;
    const early = pm25At(28_000);
    const districts = new Set(early.filter(({ pm25 }) => smoggy(pm25)).map(({ device }) => device.district));
    expect(districts.size).toBe(5);
    expect(early.filter(({ device }) => districts.has(device.district)).every(({ pm25 }) => smoggy(pm25))).toBe(true);
    const peak = pm25At(120_000);
    const worst = new Set(peak.filter(({ pm25 }) => pm25 > sangatTidakSehatFromPm25).map(({ device }) => device.district));
    expect(worst.size).toBe(2);
    // The rest of the city stays as it was.
    expect(peak.filter(({ device }) => !districts.has(device.district)).every(({ pm25 }) => pm25 < tidakSehatFromPm25)).toBe(true);
    expect(plan.briefing[0]).toMatch(/^smog: /);
  });

  it('does nothing before it starts', () => {
    expect(pm25At(0)).toEqual(stations.map((device) => ({ device, pm25: sampleReading(device, atMs, mulberry32(1)).pm25 })));
  });
});

describe('the outage drills', () => {
  it('ap-outage cuts a quarter of the access points, park units first, from about 15 s for 5 minutes', () => {
    const plan = planScenarios({ fleet, city: kotaTangerang, seed: 1, scenarios: ['ap-outage'] });
    const aps = fleet.filter((device) => device.kind === 'wifi-ap');
    const cut = aps.filter((device) => plan.scriptFor(device).powerCuts.length > 0);
    expect(cut).toHaveLength(Math.round(aps.length / 4));
    expect(cut.every((device) => device.metadata?.park !== undefined)).toBe(true);
    for (const device of cut) {
      const [power] = plan.scriptFor(device).powerCuts;
      expect(power?.fromDrillMs).toBeGreaterThanOrEqual(15_000);
      expect(power?.fromDrillMs).toBeLessThanOrEqual(20_000);
      expect((power?.untilDrillMs ?? 0) - (power?.fromDrillMs ?? 0)).toBeGreaterThanOrEqual(300_000);
    }
    expect(fleet.filter((device) => device.kind !== 'wifi-ap').every((device) => plan.scriptFor(device).powerCuts.length === 0)).toBe(true);
  });

  it('district-blackout cuts every device of one district at once, and only those', () => {
    const plan = planScenarios({ fleet, city: kotaTangerang, seed: 1, scenarios: ['district-blackout'], blackoutDistrict: 'Karawaci' });
    for (const device of fleet) {
      const cuts = plan.scriptFor(device).powerCuts;
      if (device.district !== 'Karawaci') expect(cuts).toEqual([]);
      else {
        expect(cuts[0]?.fromDrillMs).toBeGreaterThanOrEqual(20_000);
        expect(cuts[0]?.fromDrillMs).toBeLessThan(20_300);
      }
    }
    expect(plan.briefing).toEqual([expect.stringMatching(/^district-blackout: Karawaci \(\d+ devices\)/)]);
    const picked = planScenarios({ fleet, city: kotaTangerang, seed: 1, scenarios: ['district-blackout'] });
    expect(fleet.filter((device) => picked.scriptFor(device).powerCuts.length > 0).length).toBeGreaterThan(10);
  });

  it('joins overlapping cuts when drills are combined', () => {
    const options = { fleet, city: kotaTangerang, seed: 1, blackoutDistrict: 'Tangerang' };
    const outage = planScenarios({ ...options, scenarios: ['ap-outage'] });
    const blackout = planScenarios({ ...options, scenarios: ['district-blackout'] });
    const combined = planScenarios({ ...options, scenarios: ['ap-outage', 'district-blackout'] });
    const both = fleet.find((device) => device.district === 'Tangerang' && outage.scriptFor(device).powerCuts.length > 0);
    if (!both) throw new Error('no access point in Tangerang is cut');
    const [own, district] = [outage.scriptFor(both).powerCuts[0], blackout.scriptFor(both).powerCuts[0]];
    expect(combined.scriptFor(both).powerCuts).toEqual([
      { cause: expect.any(String), fromDrillMs: Math.min(own?.fromDrillMs ?? 0, district?.fromDrillMs ?? 0), untilDrillMs: Math.max(own?.untilDrillMs ?? 0, district?.untilDrillMs ?? 0) },
    ]);
  });
});

describe('parseScenarioList', () => {
  it('reads a comma-separated list and names unknown scenarios', () => {
    expect(parseScenarioList('flood, smog,,flood')).toEqual(['flood', 'smog']);
    expect(parseScenarioList('')).toEqual([]);
    expect(() => parseScenarioList('flood,tsunami,quake')).toThrow(/unknown scenarios "tsunami", "quake"; choose from flood, smog, ap-outage, district-blackout, sensor-faults/);
  });
});
