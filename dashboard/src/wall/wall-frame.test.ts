import type { City } from '@kendali/contracts';
import { builtInCities } from '@kendali/contracts';
import { describe, expect, it } from 'vitest';
import { placeDistrictLabels } from '../map/district-label-layout';
import { labelSize, wallFrameOf } from './wall-frame';

const city = (id: string): City => {
  const found = builtInCities[id];
  if (!found) throw new Error(`no built-in city ${id}`);
  return found;
};
const rooms = [['kota-tangerang'], ['kota-serang'], ['tangerang-selatan'], ['badung'], ['kota-tangerang', 'tangerang-selatan']];

describe('the wall map frame', () => {
  it.each(rooms.map((ids) => [ids.join(' + '), ids] as const))('%s: every district in the box, each label clear of the others and of the obstacles', (_, ids) => {
    const wall = wallFrameOf(ids.map(city));
    const { box } = wall.fitted;
    expect(wall.frame.districts.length).toBe(ids.map(city).reduce((n, c) => n + c.districts.length, 0));
    for (const d of wall.frame.districts) {
      const [x, y] = wall.inner.get(d.id)!;
      expect(x).toBeGreaterThan(0);
      expect(x).toBeLessThan(box.width);
      expect(y).toBeGreaterThan(0);
      expect(y).toBeLessThan(box.height);
    }
    // Labels as the wall sizes them, every third district with devices offline, and an alarm marker in the first district.
    const requests = wall.frame.districts.map((d, i) => ({ id: d.id, inner: wall.inner.get(d.id)!, rings: wall.rings.get(d.id)!, ...labelSize(d.name, { online: 9, offline: i % 3 === 0 ? 12 : 0 }) }));
    const alarm = { centre: requests[0]!.inner, width: 2, height: 2 };
    const placed = placeDistrictLabels(requests, box, [alarm]);
    const rect = (centre: readonly [number, number], w: number, h: number) => ({ l: centre[0] - w / 2, r: centre[0] + w / 2, t: centre[1] - h / 2, b: centre[1] + h / 2 });
    const meet = (a: ReturnType<typeof rect>, b: ReturnType<typeof rect>) => Math.min(a.r, b.r) > Math.max(a.l, b.l) + 1e-6 && Math.min(a.b, b.b) > Math.max(a.t, b.t) + 1e-6;
    const boxes = placed.map((p, i) => rect(p.centre, requests[i]!.width, requests[i]!.height));
    boxes.forEach((a, i) => {
      expect(a.l).toBeGreaterThanOrEqual(-1e-6);
      expect(a.r).toBeLessThanOrEqual(box.width + 1e-6);
      expect(meet(a, rect(alarm.centre, 2, 2)), `${placed[i]!.id} covers the alarm`).toBe(false);
      boxes.slice(i + 1).forEach((b, j) => expect(meet(a, b), `${placed[i]!.id} and ${placed[i + 1 + j]!.id}`).toBe(false));
    });
  });
});
