import type { City } from '@kendali/contracts';
import { builtInCities } from '@kendali/contracts';
import { describe, expect, it } from 'vitest';
import { labelSize, placeWallLabels, wallFrameOf } from './wall-frame';

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
    // Every third district with two-digit figures, and an alarm marker in the first district.
    const counts = new Map(wall.frame.districts.map((d, i) => [d.id, { online: 9, offline: i % 3 === 0 ? 12 : 0, registered: i % 3 === 0 ? 21 : 9 }] as const));
    const alarm = { centre: wall.inner.get(wall.frame.districts[0]!.id)!, width: 2, height: 2 };
    const { labels: placed, showCounts } = placeWallLabels(wall, counts, [alarm]);
    // One city's labels keep their counts; the wall's labels are sized as the layout sized them.
    if (ids.length === 1) expect(showCounts).toBe(true);
    const requests = wall.frame.districts.map((d) => labelSize(d.name, showCounts ? counts.get(d.id)! : null));
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
