import { describe, expect, it } from 'vitest';
import { axisTicks, axisTop, timeTicks } from './chart-scale';

describe('chart axes', () => {
  it('puts the top a little above the highest value, on a round number', () => {
    expect(axisTop(73)).toBe(100); // city ISPU
    expect(axisTop(33.5)).toBe(40); // PM2.5 µg/m³
    expect(axisTop(500)).toBe(600); // Siaga 1 of Pintu Air 10, cm
    expect(axisTop(3_759)).toBe(5_000); // Wi-Fi users
    expect(axisTop(2_032)).toBe(3_000); // vehicles per minute
    expect(axisTop(44)).toBe(50); // km/h
  });

  it('never gives an empty axis', () => {
    expect(axisTop(0)).toBe(2);
    expect(axisTop(-5)).toBe(2);
  });

  it('has a round middle tick for every top it picks', () => {
    for (let max = 1; max < 100_000; max = Math.ceil(max * 1.07)) {
      const [, middle, top] = axisTicks(axisTop(max));
      expect(top).toBeGreaterThanOrEqual(max * 1.1 - 1e-9);
      expect(Number.isInteger(middle), `middle of ${top}`).toBe(true);
    }
  });

  it('labels time on whole five minutes, none near either edge', () => {
    const hhmm = (ticks: number[]) => ticks.map((at) => new Date(at).toISOString().slice(11, 16));
    const at = (h: number, m: number, s: number) => Date.UTC(2025, 0, 1, h, m, s);
    expect(hhmm(timeTicks(at(3, 0, 30), at(3, 10, 30)))).toEqual(['03:05']);
    expect(hhmm(timeTicks(at(3, 2, 0), at(3, 12, 0)))).toEqual(['03:05', '03:10']);
    expect(hhmm(timeTicks(at(3, 1, 0), at(3, 11, 0)))).toEqual(['03:05']); // 03:10 is a minute from the right edge
  });
});
