import type { Point } from './geometry';

export interface LabelBox {
  /** Where the label wants to be (its district's centre of mass). */
  readonly anchor: Point;
  readonly width: number;
  readonly height: number;
}

/** Something drawn over the map that labels must keep clear of (a legend, an inset), by its centre. */
export interface Obstacle {
  readonly centre: Point;
  readonly width: number;
  readonly height: number;
}

interface Placed {
  readonly x: number;
  readonly y: number;
  readonly w: number;
  readonly h: number;
}

const overlaps = (a: Placed, b: Placed) => (a.w + b.w) / 2 - Math.abs(a.x - b.x) > 1e-6 && (a.h + b.h) / 2 - Math.abs(a.y - b.y) > 1e-6;

/** Spots a label may take: its anchor, then steps of a quarter of its height and an eighth of its width around it, nearest first, inside the map. */
function spotsAround(box: LabelBox, width: number, height: number): Point[] {
  const [ax, ay] = box.anchor;
  const [stepX, stepY] = [box.width / 8, box.height / 4];
  const [minX, maxX, minY, maxY] = [box.width / 2, width - box.width / 2, box.height / 2, height - box.height / 2];
  const spots: Point[] = [];
  const seen = new Set<string>();
  for (let i = -Math.ceil(width / stepX); i <= Math.ceil(width / stepX); i += 1) {
    for (let j = -Math.ceil(height / stepY); j <= Math.ceil(height / stepY); j += 1) {
      const x = Math.min(maxX, Math.max(minX, ax + i * stepX));
      const y = Math.min(maxY, Math.max(minY, ay + j * stepY));
      const key = `${x.toFixed(3)},${y.toFixed(3)}`;
      if (seen.has(key)) continue;
      seen.add(key);
      spots.push([x, y]);
    }
  }
  const distance = (p: Point) => Math.hypot(p[0] - ax, p[1] - ay);
  return spots.sort((a, b) => distance(a) - distance(b) || a[1] - b[1] || a[0] - b[0]);
}

/**
 * Each label in `order` takes the free spot nearest its anchor, given the ones placed before it;
 * `stuck` counts the labels that found none and overlap at their anchor (the map is too small).
 */
function placeInOrder(order: readonly number[], boxes: readonly LabelBox[], spots: readonly Point[][], fixed: readonly Placed[]): { points: Point[]; stuck: number } {
  const points = boxes.map((b) => b.anchor);
  const placed: Placed[] = [...fixed];
  let stuck = 0;
  for (const i of order) {
    const box = boxes[i]!;
    const free = spots[i]!.find(([x, y]) => !placed.some((other) => overlaps({ x, y, w: box.width, h: box.height }, other)));
    if (free === undefined) stuck += 1;
    const [x, y] = free ?? spots[i]![0]!;
    points[i] = [x, y];
    placed.push({ x, y, w: box.width, h: box.height });
  }
  return { points, stuck };
}

/** A small deterministic generator (LCG), so the same input always gives the same map. */
function generator(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (Math.imul(state, 1_664_525) + 1_013_904_223) >>> 0;
    return state / 0x1_0000_0000;
  };
}

const shuffledOrders = 400; // about a tenth of a millisecond each (the spots are sorted once): ~50 ms for a city, once per page load

/**
 * Places labels so that none overlaps another or an obstacle, each as near its anchor as it can
 * be: one label after another on the free spot nearest its anchor. As the order decides who gives
 * way on a crowded map, many orders are tried (a few natural ones, then shuffles from a fixed
 * seed) and the one that moves labels least wins (sum of squared distances, so no label is sent
 * far away; an order that leaves some label without a free spot loses to any that does not).
 * Labels stay inside 0..width × 0..height. Pure and deterministic: the same input gives the same map.
 */
export function layoutLabels(boxes: readonly LabelBox[], width: number, height: number, obstacles: readonly Obstacle[] = []): Point[] {
  const fixed: Placed[] = obstacles.map((o) => ({ x: o.centre[0], y: o.centre[1], w: o.width, h: o.height }));
  const spots = boxes.map((box) => spotsAround(box, width, height));
  const indices = boxes.map((_, i) => i);
  const by = (key: (i: number) => number) => [...indices].sort((a, b) => key(a) - key(b) || a - b);
  const orders = [indices, by((i) => boxes[i]!.anchor[1]), by((i) => -boxes[i]!.anchor[1]), by((i) => -boxes[i]!.width)];
  const random = generator(0x4b44_4c49);
  for (let n = 0; n < shuffledOrders; n += 1) {
    const order = [...indices];
    for (let i = order.length - 1; i > 0; i -= 1) {
      const j = Math.floor(random() * (i + 1));
      [order[i], order[j]] = [order[j]!, order[i]!];
    }
    orders.push(order);
  }
  let best: { points: Point[]; stuck: number; cost: number } | null = null;
  for (const order of orders) {
    const { points, stuck } = placeInOrder(order, boxes, spots, fixed);
    const cost = layoutCost(points, boxes);
    if (best === null || stuck < best.stuck || (stuck === best.stuck && cost < best.cost)) best = { points, stuck, cost };
  }
  return best?.points ?? [];
}

/**
 * How far a placement strays from the map: squared distances from the anchors, plus a price for
 * every pair of labels stacked in the wrong order (one above the other while its district lies
 * below): a reader takes the upper name for the northern district.
 */
function layoutCost(points: readonly Point[], boxes: readonly LabelBox[]): number {
  let cost = 0;
  points.forEach(([x, y], i) => {
    const box = boxes[i]!;
    cost += (x - box.anchor[0]) ** 2 + (y - box.anchor[1]) ** 2;
    for (let j = i + 1; j < points.length; j += 1) {
      const other = boxes[j]!;
      const [ox, oy] = points[j]!;
      const stacked = Math.abs(x - ox) < (box.width + other.width) / 2;
      const apart = Math.abs(box.anchor[1] - other.anchor[1]) > (box.height + other.height) / 4;
      if (stacked && apart && Math.sign(y - oy) !== Math.sign(box.anchor[1] - other.anchor[1])) cost += (4 * Math.max(box.height, other.height)) ** 2;
    }
  });
  return cost;
}
