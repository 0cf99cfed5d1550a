import { describe, expect, it } from 'vitest';
import { spreadLabels } from './spread-labels';

/** Smallest distance between any two centres. */
const closest = (centres: readonly number[]) => {
  const sorted = [...centres].sort((a, b) => a - b);
  return Math.min(...sorted.slice(1).map((c, i) => c - sorted[i]!));
};

describe('spreadLabels', () => {
  it('leaves labels that do not touch where they want to be', () => {
    expect(spreadLabels([10, 50, 90], 20, 0, 100)).toEqual([10, 50, 90]);
    expect(spreadLabels([], 20, 0, 100)).toEqual([]);
  });

  it('pushes touching labels apart around the middle of their wishes', () => {
    // Siaga 1, 2 and 3 lines 10 px apart, labels 20 px tall: a stack centred on the middle line.
    expect(spreadLabels([40, 50, 60], 20, 0, 200)).toEqual([30, 50, 70]);
    expect(spreadLabels([50, 50], 20, 0, 200)).toEqual([40, 60]);
  });

  it('keeps the labels in the order of their lines and returns them in the order given', () => {
    const centres = spreadLabels([60, 40, 50], 20, 0, 200);
    expect(centres).toEqual([70, 30, 50]);
  });

  it('keeps every label inside the box, moving the whole stack off an edge', () => {
    expect(spreadLabels([2, 5, 8], 20, 10, 200)).toEqual([10, 30, 50]);
    expect(spreadLabels([195, 198], 20, 0, 190)).toEqual([170, 190]);
  });

  it('moves a stack that grows into a neighbour as one block', () => {
    const centres = spreadLabels([10, 12, 40, 41], 15, 0, 300);
    expect(closest(centres)).toBeGreaterThanOrEqual(15 - 1e-9);
    expect(centres[0]).toBeLessThan(centres[1]!);
    expect(centres[2]).toBeLessThan(centres[3]!);
  });

  it('shares the room evenly when even a tight stack does not fit', () => {
    expect(spreadLabels([50, 50, 50], 60, 0, 100)).toEqual([0, 50, 100]);
  });

  it('never lets labels overlap for any wishes that fit', () => {
    for (let seed = 1; seed < 200; seed += 1) {
      const wanted = [(seed * 37) % 150, (seed * 91) % 150, (seed * 53) % 150];
      const centres = spreadLabels(wanted, 40, 20, 130);
      expect(closest(centres), wanted.join(',')).toBeGreaterThanOrEqual(40 - 1e-9);
      for (const c of centres) expect(c).toBeGreaterThanOrEqual(20 - 1e-9);
      for (const c of centres) expect(c).toBeLessThanOrEqual(130 + 1e-9);
    }
  });
});
