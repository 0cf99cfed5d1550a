import type { MapPoint } from './geo-frame';
import type { MapBox } from './frame-box';
import { inRings } from './frame-box';

/** A district's label to place, in box units. */
export interface DistrictLabelRequest {
  readonly id: string;
  /** A point well inside the district: the label's first choice, and where its leader line ends. */
  readonly inner: MapPoint;
  /** The district's rings in box units, to tell whether the label fits inside it. */
  readonly rings: readonly (readonly MapPoint[])[];
  readonly width: number;
  readonly height: number;
}

/** Where a label went: inside its district, or outside it with a leader line to `anchor`. */
export interface DistrictLabelPlace {
  readonly id: string;
  /** The label's centre, box units. */
  readonly centre: MapPoint;
  readonly inside: boolean;
  readonly anchor: MapPoint;
}

/** Something drawn over the map that labels keep clear of (a marker, the attribution), by its centre. */
export interface Obstacle {
  readonly centre: MapPoint;
  readonly width: number;
  readonly height: number;
  /** A label may cover it when nothing else has room (a device marker; never an alarm). */
  readonly soft?: boolean;
}

interface Rect {
  readonly x: number;
  readonly y: number;
  readonly w: number;
  readonly h: number;
  readonly soft?: boolean;
}

const overlaps = (a: Rect, b: Rect) => (a.w + b.w) / 2 - Math.abs(a.x - b.x) > 1e-6 && (a.h + b.h) / 2 - Math.abs(a.y - b.y) > 1e-6;
const rectOf = (o: Obstacle): Rect => ({ x: o.centre[0], y: o.centre[1], w: o.width, h: o.height, soft: o.soft ?? false });

/** Points around a box's edge (corners, and four more along each side): all must lie in the district. */
function edgePoints({ x, y, w, h }: Rect): MapPoint[] {
  const points: MapPoint[] = [];
  for (let i = 0; i <= 5; i += 1) {
    const [px, py] = [x - w / 2 + (w * i) / 5, y - h / 2 + (h * i) / 5];
    points.push([px, y - h / 2], [px, y + h / 2], [x - w / 2, py], [x + w / 2, py]);
  }
  return points;
}

/** Spots near the inner point, nearest first: a label may shift a little to fit its district. */
function nearSpots(request: DistrictLabelRequest): MapPoint[] {
  const [ax, ay] = request.inner;
  const spots: MapPoint[] = [];
  for (let i = -4; i <= 4; i += 1) for (let j = -4; j <= 4; j += 1) spots.push([ax + (i * request.width) / 8, ay + (j * request.height) / 4]);
  return spots.sort((a, b) => Math.hypot(a[0] - ax, a[1] - ay) - Math.hypot(b[0] - ax, b[1] - ay));
}

interface Interval {
  readonly from: number;
  readonly to: number;
}

/** The free position for an interval `width` long nearest `wanted` (its left end) in 0..length, clear of `taken` by `gap`; null if none. */
function nearestFree(wanted: number, width: number, length: number, taken: readonly Interval[], gap: number): number | null {
  const blocks = [...taken].sort((a, b) => a.from - b.from);
  let best: number | null = null;
  let cursor = 0;
  for (const block of [...blocks, { from: length + gap, to: length + gap }]) {
    const [lo, hi] = [cursor, block.from - gap - width];
    if (hi >= lo) {
      const at = Math.min(hi, Math.max(lo, wanted));
      if (best === null || Math.abs(at - wanted) < Math.abs(best - wanted)) best = at;
    }
    cursor = Math.max(cursor, block.to + gap);
  }
  return best;
}

const gapRem = 0.06; // between labels in a row, and to what they keep clear of
/** Share of a label's edge that must lie in its district for the label to stand in it without a leader. */
const mostlyInside = 0.7;
/** Rows a label may move away from its district to stand beside the map rather than over it. */
const besideRows = 3;

/** Left and right end of the drawn districts between `top` and `bottom` (every ring's edges clipped to the band); null where none is. */
function geographyBetween(requests: readonly DistrictLabelRequest[], top: number, bottom: number): Interval | null {
  let [from, to] = [Infinity, -Infinity];
  for (const request of requests) {
    for (const ring of request.rings) {
      for (let i = 0, j = ring.length - 1; i < ring.length; j = i, i += 1) {
        const [[x1, y1], [x2, y2]] = [ring[j]!, ring[i]!];
        const [lo, hi] = [Math.max(top, Math.min(y1, y2)), Math.min(bottom, Math.max(y1, y2))];
        if (lo > hi) continue;
        for (const y of [lo, hi]) {
          const x = y1 === y2 ? x1 : x1 + ((x2 - x1) * (y - y1)) / (y2 - y1);
          [from, to] = [Math.min(from, x, y1 === y2 ? x2 : x), Math.max(to, x, y1 === y2 ? x2 : x)];
        }
      }
    }
  }
  return from <= to ? { from, to } : null;
}

/**
 * District names where a reader looks for them: inside the district where the whole label fits in
 * it, or most of it (clear of markers and of the other labels), otherwise outside it with a leader line to a point
 * inside it. Outside labels go in rows one label high: each takes the row nearest its district and,
 * in it, the free place nearest its district beside the map where a row near it has room (the
 * districts stay in sight), over the map where not, clear of the other labels, the obstacles and its own leader's end. Rows never let two labels overlap, however crowded the map (a regional room draws
 * twenty districts), and the longest labels choose first. Pure and deterministic.
 */
export function placeDistrictLabels(requests: readonly DistrictLabelRequest[], box: MapBox, obstacles: readonly Obstacle[]): DistrictLabelPlace[] {
  const fixed: Rect[] = obstacles.map(rectOf);
  const inBox = (r: Rect) => r.x - r.w / 2 >= 0 && r.y - r.h / 2 >= 0 && r.x + r.w / 2 <= box.width && r.y + r.h / 2 <= box.height;
  const placed = new Map<string, { centre: MapPoint; inside: boolean }>();
  // Short labels first: more of them fit inside, and a long one that cannot fit gives way to them.
  const byWidth = [...requests].sort((a, b) => a.width - b.width || a.id.localeCompare(b.id));
  // Wholly inside first; then, for those left, mostly inside (its centre and most of its edge in
  // the district): a label reaching a little over a border still reads as its district's, a leader does not.
  for (const share of [1, mostlyInside]) {
    for (const request of byWidth) {
      if (placed.has(request.id)) continue;
      const spot = nearSpots(request).find(([x, y]) => {
        const rect = { x, y, w: request.width, h: request.height };
        if (!inBox(rect) || fixed.some((other) => overlaps(rect, other))) return false;
        const edge = edgePoints(rect);
        return inRings(request.rings, [x, y]) && edge.filter((p) => inRings(request.rings, p)).length >= share * edge.length;
      });
      if (spot === undefined) continue;
      placed.set(request.id, { centre: spot, inside: true });
      fixed.push({ x: spot[0], y: spot[1], w: request.width, h: request.height });
    }
  }
  const outside = requests.filter((r) => !placed.has(r.id)).sort((a, b) => b.width - a.width || a.id.localeCompare(b.id));
  const rowHeight = Math.max(0, ...outside.map((r) => r.height)) + gapRem;
  const rows = Math.max(1, Math.floor(box.height / rowHeight));
  const rowTop = (row: number) => (box.height - rows * rowHeight) / 2 + row * rowHeight + gapRem / 2;
  const geographyOfRow = new Map(Array.from({ length: rows }, (_, row) => [row, geographyBetween(requests, rowTop(row), rowTop(row) + rowHeight)] as const));
  for (const request of outside) {
    const [ax, ay] = request.inner;
    const order = Array.from({ length: rows }, (_, row) => row).sort((a, b) => Math.abs(rowTop(a) + rowHeight / 2 - ay) - Math.abs(rowTop(b) + rowHeight / 2 - ay) || a - b);
    let spot: MapPoint | null = null;
    const rounds = (beside: boolean, lenient: boolean) => order.map((row) => ({ row, beside, lenient }));
    const near = rounds(true, false).filter(({ row }) => Math.abs(row - (order[0] ?? 0)) <= besideRows);
    for (const { row, beside, lenient } of [...near, ...rounds(false, false), ...rounds(false, true)]) {
      // Beside the map first; then over it; last, a label may cover device markers (never an alarm) when no row is free of them.
      const [top, bottom] = [rowTop(row), rowTop(row) + request.height];
      const taken = fixed.filter((r) => (!lenient || !r.soft) && r.y - r.h / 2 < bottom - 1e-6 && r.y + r.h / 2 > top + 1e-6).map((r) => ({ from: r.x - r.w / 2, to: r.x + r.w / 2 }));
      const geography = beside ? (geographyOfRow.get(row) ?? null) : null;
      if (geography !== null) taken.push(geography);
      // Its own leader's end stays in sight.
      if (ay > top - 0.3 && ay < bottom + 0.3) taken.push({ from: ax - 0.3, to: ax + 0.3 });
      const left = nearestFree(ax - request.width / 2, request.width, box.width, taken, gapRem);
      if (left === null) continue;
      spot = [left + request.width / 2, top + request.height / 2];
      break;
    }
    const centre = spot ?? request.inner; // no row has room: the map is far too small for its labels
    placed.set(request.id, { centre, inside: false });
    fixed.push({ x: centre[0], y: centre[1], w: request.width, h: request.height });
  }
  return requests.map((r) => ({ id: r.id, centre: placed.get(r.id)?.centre ?? r.inner, inside: placed.get(r.id)?.inside ?? false, anchor: r.inner }));
}

/** Whether every label of a layout is clear of the others (false: the map is too small for them). */
export function labelsApart(places: readonly DistrictLabelPlace[], requests: readonly DistrictLabelRequest[]): boolean {
  const rects = places.map((p, i): Rect => ({ x: p.centre[0], y: p.centre[1], w: requests[i]?.width ?? 0, h: requests[i]?.height ?? 0 }));
  return rects.every((a, i) => rects.slice(i + 1).every((b) => !overlaps(a, b)));
}
