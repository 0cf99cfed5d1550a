import { describe, expect, it } from 'vitest';
import { waterGateById } from '@kendali/contracts';
import type { WaterGate } from '@kendali/contracts';
import { levelAtStageCm, riverLagMs } from './river';
import { cityRainfallMmPerHour, rainSpellsOfDay, riverRiseFraction } from './weather';
import { cityDayIndex } from './city-clock';

const wib = 'Asia/Jakarta';

const gate = (id: string): WaterGate => {
  const found = waterGateById(id);
  if (!found) throw new Error(`no gate ${id}`);
  return found;
};
const minuteMs = 60_000;

describe('rain and rivers', () => {
  it('draws the same rain from the same seed, about every other day', () => {
    expect(rainSpellsOfDay(3, 20_500, wib)).toEqual(rainSpellsOfDay(3, 20_500, wib));
    const spells = Array.from({ length: 60 }, (_, day) => rainSpellsOfDay(1, 20_450 + day, wib).length).reduce((sum, count) => sum + count, 0);
    expect(spells).toBeGreaterThan(20);
    expect(spells).toBeLessThan(60);
  });

  it('lifts the Cisadane first upstream, then at Pintu Air 10, then at Sewan; the city drains before all of them', () => {
    const seed = 1;
    // The first heavy afternoon storm of the seed.
    const day = Array.from({ length: 60 }, (_, index) => 20_450 + index).find((candidate) => rainSpellsOfDay(seed, candidate, wib).some((spell) => spell.peakMmPerHour > 30));
    if (day === undefined) throw new Error('no heavy storm in 60 days');
    const storm = rainSpellsOfDay(seed, day, wib).find((spell) => spell.peakMmPerHour > 30);
    if (!storm) throw new Error('no storm');
    expect(cityDayIndex(storm.startMs, wib)).toBe(day);
    expect(cityRainfallMmPerHour(seed, storm.startMs + storm.durationMs / 2, wib)).toBeGreaterThan(30);

    const peakTime = (id: string): number => {
      let best = { atMs: 0, rise: -1 };
      for (let atMs = storm.startMs; atMs < storm.startMs + 24 * 60 * minuteMs; atMs += 5 * minuteMs) {
        const rise = riverRiseFraction(seed, atMs, riverLagMs(gate(id)), wib);
        if (rise > best.rise) best = { atMs, rise };
      }
      expect(best.rise, id).toBeGreaterThan(0.1);
      return best.atMs;
    };
    const [drain, upstream, gateTen, downstream] = ['kali-sabi', 'cisadane-kelapa-indah', 'pintu-air-10', 'cisadane-sewan'].map(peakTime) as [number, number, number, number];
    expect(drain).toBeLessThan(upstream);
    expect(upstream).toBeLessThan(gateTen);
    expect(gateTen).toBeLessThan(downstream);
  });

  it('turns alert stages into levels at the gate’s thresholds', () => {
    const pintuAir10 = gate('pintu-air-10');
    expect([0, 0.5, 1, 2, 3, 3.5].map((stage) => levelAtStageCm(pintuAir10, stage))).toEqual([200, 250, 300, 400, 500, 550]);
    expect(levelAtStageCm(gate('kali-ledug'), 1.5)).toBe(240);
  });
});
