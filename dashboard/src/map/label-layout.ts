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
  x: number;
  y: number;
  readonly w: number;
  readonly h: number;
}

/**
 * Moves labels apart until none overlaps (or `rounds` run out), each as little as it can: every
 * round pushes each overlapping pair apart along the axis where they overlap least, and pulls each
 * label gently back towards its anchor. Labels stay inside 0..width × 0..height. Pure and
 * deterministic: the same input gives the same map.
 */
export function layoutLabels(boxes: readonly LabelBox[], width: number, height: number, obstacles: readonly Obstacle[] = [], rounds = 300): Point[] {
  const placed: Placed[] = boxes.map((b) => ({ x: b.anchor[0], y: b.anchor[1], w: b.width, h: b.height }));
  const fixed: Placed[] = obstacles.map((o) => ({ x: o.centre[0], y: o.centre[1], w: o.width, h: o.height }));
  const clamp = (p: Placed) => {
    p.x = Math.min(width - p.w / 2, Math.max(p.w / 2, p.x));
    p.y = Math.min(height - p.h / 2, Math.max(p.h / 2, p.y));
  };
  placed.forEach(clamp);
  for (let round = 0; round < rounds; round += 1) {
    let moved = false;
    for (let i = 0; i < placed.length; i += 1) {
      for (let j = i + 1; j < placed.length; j += 1) {
        const a = placed[i]!;
        const b = placed[j]!;
        const overlapX = (a.w + b.w) / 2 - Math.abs(a.x - b.x);
        const overlapY = (a.h + b.h) / 2 - Math.abs(a.y - b.y);
        if (overlapX <= 0 || overlapY <= 0) continue;
        moved = true;
        // Labels are wide and short: moving vertically is usually the smaller move.
        if (overlapY <= overlapX) {
          const push = (overlapY / 2 + 0.5) * (a.y <= b.y ? 1 : -1);
          a.y -= push;
          b.y += push;
        } else {
          const push = (overlapX / 2 + 0.5) * (a.x <= b.x ? 1 : -1);
          a.x -= push;
          b.x += push;
        }
        clamp(a);
        clamp(b);
      }
      for (const obstacle of fixed) {
        const a = placed[i]!;
        const overlapX = (a.w + obstacle.w) / 2 - Math.abs(a.x - obstacle.x);
        const overlapY = (a.h + obstacle.h) / 2 - Math.abs(a.y - obstacle.y);
        if (overlapX <= 0 || overlapY <= 0) continue;
        moved = true;
        if (overlapY <= overlapX) a.y += (overlapY + 0.5) * (a.y >= obstacle.y ? 1 : -1);
        else a.x += (overlapX + 0.5) * (a.x >= obstacle.x ? 1 : -1);
        clamp(a);
      }
    }
    if (!moved) break;
    if (round > rounds / 2) continue; // the second half only separates
    placed.forEach((p, k) => {
      const anchor = boxes[k]!.anchor;
      p.x += (anchor[0] - p.x) * 0.02;
      p.y += (anchor[1] - p.y) * 0.02;
    });
  }
  return placed.map((p) => [p.x, p.y]);
}
