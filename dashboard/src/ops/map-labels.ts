import type { MapPoint } from '../map/geo-frame';

/** A district's name to place: where (map units), how long, and how much it matters. */
export interface NameCandidate {
  readonly key: string;
  readonly name: string;
  readonly at: MapPoint;
  /** Higher goes first: the selected district, then districts in trouble, then large ones. */
  readonly priority: number;
}

/** Size of a name on the map with its status mark, pixels, centred on its point. */
export interface NameMetrics {
  readonly heightPx: number;
  /** Width of a character, pixels: generous, so a wider font still does not collide. */
  readonly charPx: number;
}

/**
 * The names that can be shown without touching each other when the map is drawn at
 * `screenPxPerUnit`: the most important first, each name kept only if its box is free. Zooming
 * in spreads the districts apart, so more names appear; the districts' shapes carry the state of
 * those left out, and their own names are on their outline's label for screen readers and tooltips.
 */
export function namesThatFit(candidates: readonly NameCandidate[], screenPxPerUnit: number, metrics: NameMetrics): Set<string> {
  const placed: { left: number; right: number; top: number; bottom: number }[] = [];
  const shown = new Set<string>();
  for (const candidate of [...candidates].sort((a, b) => b.priority - a.priority)) {
    const halfWidth = (candidate.name.length * metrics.charPx) / 2;
    const x = candidate.at[0] * screenPxPerUnit;
    const y = candidate.at[1] * screenPxPerUnit;
    const box = { left: x - halfWidth, right: x + halfWidth, top: y - metrics.heightPx / 2, bottom: y + metrics.heightPx / 2 };
    if (placed.some((p) => box.left < p.right && p.left < box.right && box.top < p.bottom && p.top < box.bottom)) continue;
    placed.push(box);
    shown.add(candidate.key);
  }
  return shown;
}
