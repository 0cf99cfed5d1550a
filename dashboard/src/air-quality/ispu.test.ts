import { describe, expect, it } from 'vitest';
import { ispuFromPm25 } from './ispu';

describe('ispuFromPm25', () => {
  it.each([
    [0, 0, 'baik'],
    [15.5, 50, 'baik'],
    [55.4, 100, 'sedang'],
    [150.4, 200, 'tidak-sehat'],
    [250.4, 300, 'sangat-tidak-sehat'],
    [500, 500, 'berbahaya'],
  ] as const)('maps the breakpoint %d µg/m³ to index %d (%s)', (pm25, index, category) => {
    expect(ispuFromPm25(pm25)).toEqual({ index, category });
  });

  it('interpolates linearly inside a band', () => {
    // Sedang band: (100 − 50) / (55.4 − 15.5) · (35.45 − 15.5) + 50 = 75
    expect(ispuFromPm25(35.45)).toEqual({ index: 75, category: 'sedang' });
    // Berbahaya band: (500 − 300) / (500 − 250.4) · (375.2 − 250.4) + 300 = 400
    expect(ispuFromPm25(375.2)).toEqual({ index: 400, category: 'berbahaya' });
  });

  it.each([
    [15.6, 51, 'sedang'],
    [55.5, 101, 'tidak-sehat'],
    [150.5, 201, 'sangat-tidak-sehat'],
    [250.5, 301, 'berbahaya'],
  ] as const)('moves to the next category just above a breakpoint (%d µg/m³)', (pm25, index, category) => {
    expect(ispuFromPm25(pm25)).toEqual({ index, category });
  });

  it('clamps above the top of the scale to 500, Berbahaya', () => {
    expect(ispuFromPm25(500.1)).toEqual({ index: 500, category: 'berbahaya' });
    expect(ispuFromPm25(999)).toEqual({ index: 500, category: 'berbahaya' });
  });

  it('treats a negative concentration as zero', () => {
    expect(ispuFromPm25(-3)).toEqual({ index: 0, category: 'baik' });
  });
});
