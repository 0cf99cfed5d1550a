import { describe, expect, it } from 'vitest';
import { derivedRandom, gaussian, hashString, mulberry32, uniformInteger } from './prng';

describe('mulberry32', () => {
  it('replays the same sequence from the same seed', () => {
    const a = mulberry32(42);
    const b = mulberry32(42);
    expect(Array.from({ length: 5 }, a)).toEqual(Array.from({ length: 5 }, b));
  });

  it('gives different sequences for different seeds, all in [0, 1)', () => {
    const values = Array.from({ length: 10_000 }, mulberry32(1));
    expect(values).not.toEqual(Array.from({ length: 10_000 }, mulberry32(2)));
    expect(Math.min(...values)).toBeGreaterThanOrEqual(0);
    expect(Math.max(...values)).toBeLessThan(1);
    const mean = values.reduce((sum, value) => sum + value, 0) / values.length;
    expect(mean).toBeCloseTo(0.5, 1);
  });
});

describe('helpers', () => {
  it('hashes strings with FNV-1a, so device seeds never change between versions', () => {
    // Published FNV-1a 32-bit test vectors.
    expect(hashString('')).toBe(0x811c9dc5);
    expect(hashString('a')).toBe(0xe40c292c);
    expect(hashString('foobar')).toBe(0xbf9cf968);
    expect(hashString('aq-karawaci-001')).not.toBe(hashString('aq-karawaci-002'));
  });

  it('derives independent streams per name', () => {
    expect(derivedRandom(1, 'a')()).toBe(derivedRandom(1, 'a')());
    expect(derivedRandom(1, 'a')()).not.toBe(derivedRandom(1, 'b')());
    expect(derivedRandom(1, 'a')()).not.toBe(derivedRandom(2, 'a')());
  });

  it('draws integers inside both bounds and finite normals', () => {
    const random = mulberry32(3);
    const draws = Array.from({ length: 1000 }, () => uniformInteger(random, 1, 3));
    expect(new Set(draws)).toEqual(new Set([1, 2, 3]));
    for (let i = 0; i < 1000; i++) expect(Number.isFinite(gaussian(random))).toBe(true);
  });
});
