import { builtInCities } from '@kendali/contracts';
import type { City } from '@kendali/contracts';
import { describe, expect, it } from 'vitest';
import { frameCities } from './geo-frame';

const city = (id: string): City => {
  const found = builtInCities[id];
  if (!found) throw new Error(`no built-in city ${id}`);
  return found;
};
const centroidOf = (frame: ReturnType<typeof frameCities>, id: string) => {
  const district = frame.districts.find((d) => d.id === id);
  if (!district) throw new Error(`${id} is not drawn`);
  return district.centroid;
};

describe('the map frame', () => {
  it('draws the real geography: north up, east right', () => {
    const tangerang = frameCities([city('kota-tangerang')]);
    const benda = centroidOf(tangerang, 'benda');
    const jatiuwung = centroidOf(tangerang, 'jatiuwung');
    expect(benda[0]).toBeGreaterThan(jatiuwung[0]); // east
    expect(benda[1]).toBeLessThan(jatiuwung[1]); // north (y grows downwards)
    const badung = frameCities([city('badung')]);
    expect(centroidOf(badung, 'kuta')[1]).toBeGreaterThan(centroidOf(badung, 'petang')[1]); // Kuta south of Petang
  });

  it('draws every district of every city once, inside the frame', () => {
    const frame = frameCities([city('kota-tangerang'), city('tangerang-selatan')]);
    expect(frame.districts.map((d) => d.id).sort()).toEqual([...city('kota-tangerang').districts, ...city('tangerang-selatan').districts].map((d) => d.id).sort());
    for (const district of frame.districts) {
      expect(district.path).toMatch(/^M/);
      const [[left, top], [right, bottom]] = district.bounds;
      expect(left).toBeGreaterThanOrEqual(0);
      expect(top).toBeGreaterThanOrEqual(0);
      expect(right).toBeLessThanOrEqual(frame.width);
      expect(bottom).toBeLessThanOrEqual(frame.height);
    }
    // Tangerang Selatan lies south of Kota Tangerang.
    expect(centroidOf(frame, 'pamulang')[1]).toBeGreaterThan(centroidOf(frame, 'ciledug')[1]);
  });

  it('keeps the cities’ proportions: Kota Tangerang is wider than tall', () => {
    const frame = frameCities([city('kota-tangerang')]);
    expect(frame.width / frame.height).toBeGreaterThan(1.1);
    expect(frame.width / frame.height).toBeLessThan(2);
  });
});
