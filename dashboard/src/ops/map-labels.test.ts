import { describe, expect, it } from 'vitest';
import type { NameCandidate } from './map-labels';
import { namesThatFit } from './map-labels';

const metrics = { heightPx: 16, charPx: 8 };
const name = (key: string, x: number, y: number, priority = 0): NameCandidate => ({ key, name: key, at: [x, y], priority });

describe('district names on the map', () => {
  it('shows every name that has room', () => {
    expect(namesThatFit([name('Benda', 0, 0), name('Periuk', 200, 0), name('Pinang', 0, 100)], 1, metrics)).toEqual(new Set(['Benda', 'Periuk', 'Pinang']));
  });

  it('leaves out the less important of two names that would touch, and shows both once zoomed in', () => {
    const crowded = [name('Karawaci', 100, 100, 1), name('Tangerang', 130, 105, 5)];
    expect(namesThatFit(crowded, 1, metrics)).toEqual(new Set(['Tangerang']));
    expect(namesThatFit(crowded, 4, metrics)).toEqual(new Set(['Karawaci', 'Tangerang']));
  });
});
