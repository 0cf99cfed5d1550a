import { describe, expect, it } from 'vitest';
import { ispuCategory, ispuConcentrationBreakpoints, ispuIndex, ispuPollutants, overallIspu } from './ispu';

describe('ISPU (PermenLHK P.14/2020)', () => {
  it.each(ispuPollutants)('%s gives exactly 50/100/200/300/500 at its breakpoints', (pollutant) => {
    const x = ispuConcentrationBreakpoints[pollutant];
    expect([1, 2, 3, 4, 5].map((i) => ispuIndex(pollutant, x[i]!))).toEqual([50, 100, 200, 300, 500]);
    expect(ispuIndex(pollutant, 0)).toBe(0);
    expect(ispuIndex(pollutant, x[5]! * 2)).toBe(500);
  });

  // Hand-worked: I = (Ia − Ib)/(Xa − Xb) · (X − Xb) + Ib
  it.each([
    ['pm25', 35.45, 75], // (100−50)/(55.4−15.5)·(35.45−15.5)+50 = 75.0
    ['pm25', 100, 147], // (200−100)/(150.4−55.4)·(100−55.4)+100 = 146.95 → rounded up to 147
    ['pm10', 100, 75], // (100−50)/(150−50)·(100−50)+50 = 75
    ['pm10', 385, 250], // (300−200)/(420−350)·(385−350)+200 = 250
    ['so2', 290, 150], // (200−100)/(400−180)·(290−180)+100 = 150
    ['co', 11500, 150], // (200−100)/(15000−8000)·(11500−8000)+100 = 150
    ['o3', 600, 250], // (300−200)/(800−400)·(600−400)+200 = 250
    ['no2', 140, 75], // (100−50)/(200−80)·(140−80)+50 = 75
    ['hc', 540, 400], // (500−300)/(648−432)·(540−432)+300 = 400
  ] as const)('%s at %d µg/m³ is %d', (pollutant, concentration, index) => {
    expect(ispuIndex(pollutant, concentration)).toBe(index);
  });

  it('rounds up, so just past a breakpoint is the next category', () => {
    expect(ispuIndex('pm25', 15.6)).toBe(51);
    expect(ispuCategory(ispuIndex('pm25', 15.6))).toBe('sedang');
    expect(ispuCategory(ispuIndex('pm25', 55.5))).toBe('tidak-sehat');
    expect(ispuCategory(ispuIndex('pm25', 150.5))).toBe('sangat-tidak-sehat');
    expect(ispuCategory(ispuIndex('pm25', 250.5))).toBe('berbahaya');
  });

  it('takes the worst pollutant as the overall index', () => {
    expect(overallIspu({ pm25: 20, pm10: 385, co: 1000 })).toEqual({ index: 250, category: 'sangat-tidak-sehat', critical: 'pm10' });
    expect(overallIspu({})).toBeUndefined();
  });
});
