import { describe, expect, it } from 'vitest';
import { districtKey } from './city-model';

describe('district keys', () => {
  it('read a district by name or by id alike, the same on every call', () => {
    expect(districtKey('Karang Tengah')).toBe('karang-tengah');
    expect(districtKey(' Karang Tengah ')).toBe('karang-tengah');
    expect(districtKey('karang-tengah')).toBe('karang-tengah');
    expect(districtKey('Karang Tengah')).toBe('karang-tengah'); // remembered
  });

  it('stay right past the bound on remembered names', () => {
    for (let i = 0; i < 2_000; i += 1) expect(districtKey(`District ${i}`)).toBe(`district-${i}`);
    expect(districtKey('Neglasari')).toBe('neglasari');
  });
});
