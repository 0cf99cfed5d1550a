import { kotaTangerang } from '@kendali/contracts';
import { describe, expect, it } from 'vitest';
import { buildCityModel, placeDevice } from './city-model';
import { labelMetrics, labelRem, mapHeightRem, mapOverlaysRem, overlayShare, tangerangModel } from './city-models';
import { kotaTangerangOutline } from './city-outlines';
import type { Polygon } from './geometry';
import { centroid, clipNearer, contains, polygonArea, voronoiCells } from './geometry';
import { layoutLabels } from './label-layout';

const square: Polygon = [
  [0, 0],
  [10, 0],
  [10, 10],
  [0, 10],
];

describe('plane geometry', () => {
  it('clips a polygon to the half nearer one site', () => {
    const left = clipNearer(square, [2, 5], [8, 5]);
    expect(Math.abs(polygonArea(left))).toBeCloseTo(50);
    expect(left.every(([x]) => x <= 5)).toBe(true);
  });

  it('tiles the outline with Voronoi cells that add up to it', () => {
    const cells = voronoiCells([[2, 2], [8, 2], [5, 8]], square);
    expect(cells.reduce((sum, cell) => sum + Math.abs(polygonArea(cell)), 0)).toBeCloseTo(100);
    expect(contains(cells[2]!, [5, 9])).toBe(true);
    expect(centroid(square)).toEqual([5, 5]);
  });
});

describe('the schematic Kota Tangerang map', () => {
  const model = buildCityModel(kotaTangerang, kotaTangerangOutline);

  it('has all 13 kecamatan, each containing its own centre', () => {
    expect(model.districts).toHaveLength(13);
    for (const d of model.districts) expect(contains(d.cell, d.centre), d.name).toBe(true);
  });

  it('covers the whole outline with the districts', () => {
    const outline = kotaTangerangOutline.map(model.project);
    const total = model.districts.reduce((sum, d) => sum + Math.abs(polygonArea(d.cell)), 0);
    expect(total).toBeCloseTo(Math.abs(polygonArea(outline)), 0);
  });

  it('places a device without a position at a stable spot inside its district', () => {
    const device = { id: 'aq-cipondoh-1', district: 'Cipondoh', lat: null, lon: null };
    const at = placeDevice(model, device);
    expect(at).not.toBeNull();
    expect(contains(model.byKey.get('cipondoh')!.cell, at!)).toBe(true);
    expect(placeDevice(model, device)).toEqual(at);
    expect(placeDevice(model, { ...device, district: 'Walantaka' })).toBeNull();
  });

  it('lays the wall labels out without overlaps, clear of the overlays in the corners', () => {
    const em = (labelRem * tangerangModel.height) / mapHeightRem;
    const widthRem = (mapHeightRem * tangerangModel.width) / tangerangModel.height;
    const boxes = tangerangModel.districts.map((d) => ({ x: d.label[0], y: d.label[1], w: d.name.length * labelMetrics.charEm * em + labelMetrics.extraEm * em, h: labelMetrics.heightEm * em }));
    const overlays = mapOverlaysRem.map((o) => {
      const share = overlayShare(o, widthRem, mapHeightRem);
      const [w, h] = [share.width * tangerangModel.width, share.height * tangerangModel.height];
      return { x: share.left * tangerangModel.width + w / 2, y: share.top * tangerangModel.height + h / 2, w, h };
    });
    const overlapping = (a: (typeof boxes)[number], b: (typeof boxes)[number]) => Math.abs(a.x - b.x) < (a.w + b.w) / 2 - 2 && Math.abs(a.y - b.y) < (a.h + b.h) / 2 - 2;
    let overlaps = 0;
    for (let i = 0; i < boxes.length; i += 1) {
      for (let j = i + 1; j < boxes.length; j += 1) if (overlapping(boxes[i]!, boxes[j]!)) overlaps += 1;
      for (const overlay of overlays) if (overlapping(boxes[i]!, overlay)) overlaps += 1;
    }
    expect(overlaps).toBe(0);
  });

  it('keeps a northern district’s name above its southern neighbour’s', () => {
    const [south, north] = layoutLabels([{ anchor: [100, 60], width: 80, height: 10 }, { anchor: [104, 52], width: 80, height: 10 }], 400, 400);
    expect(north![1]).toBeLessThan(south![1]);
    expect(Math.abs(north![1] - south![1])).toBeGreaterThanOrEqual(10);
  });

  it('moves labels apart only as far as needed', () => {
    const placed = layoutLabels([{ anchor: [50, 50], width: 40, height: 10 }, { anchor: [52, 52], width: 40, height: 10 }], 200, 200);
    expect(Math.abs(placed[0]![1] - placed[1]![1])).toBeGreaterThanOrEqual(10);
    expect(Math.abs(placed[0]![1] - placed[1]![1])).toBeLessThan(14);
  });
});
