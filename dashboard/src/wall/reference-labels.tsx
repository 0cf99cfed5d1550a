import { usePlotArea } from 'recharts';
import type { StatusShape } from '../status/status-look';
import { ShapeMark } from '../status/status-shape';
import { boldCharEm, textSlack } from './wall-metrics';
import { spreadLabels } from './spread-labels';

/** A level drawn across a chart (a Siaga threshold), named in the chart's right margin. */
export interface TrendReference {
  readonly value: number;
  readonly label: string;
  readonly colour: string;
  readonly shape: StatusShape;
}

const lineHeightEm = 1.25; // Inter's ascent and descent span 1.21 em: a label's box, with a little room
const shapeEm = 0.85;
const gapEm = 0.3;
const leaderEm = 0.5; // the short line from the plot's edge to a label pushed off its level

/** Width of the right margin that holds the labels, with room for them 10% wider (`textSlack`), px. */
export function referenceGutterPx(references: readonly TrendReference[], fontPx: number): number {
  if (references.length === 0) return 0;
  const chars = Math.max(...references.map((r) => r.label.length));
  return (leaderEm + shapeEm + gapEm + chars * boldCharEm * textSlack) * fontPx;
}

/** Half a label's height, px: the chart's top margin, so the highest label can sit on its line. */
export const referenceLabelHalfPx = (fontPx: number) => (lineHeightEm * fontPx) / 2;

/**
 * The references' names beside the plot, each at its level or, where levels lie closer than a line
 * of text, pushed apart just enough (spreadLabels) with a leader back to its level: the labels never
 * cover each other or the lines. They have the whole height of the right margin, down past the
 * plot beside the time axis (`axisPx` tall; its labels keep clear of the plot's edges), so a short
 * chart still holds three levels a line apart. Rendered inside a recharts chart whose left axis
 * runs 0..`top`.
 */
export function ReferenceLabels({ references, top, fontPx, axisPx }: { readonly references: readonly TrendReference[]; readonly top: number; readonly fontPx: number; readonly axisPx: number }) {
  const plot = usePlotArea();
  if (!plot || references.length === 0) return null;
  const labelPx = lineHeightEm * fontPx;
  const levelY = references.map((r) => plot.y + (1 - Math.min(top, Math.max(0, r.value)) / top) * plot.height);
  const centres = spreadLabels(levelY, labelPx, plot.y, plot.y + plot.height + axisPx - labelPx / 2);
  const edge = plot.x + plot.width;
  const shapeX = edge + (leaderEm + shapeEm / 2) * fontPx;
  const textX = edge + (leaderEm + shapeEm + gapEm) * fontPx;
  return (
    <g className="reference-labels">
      {references.map((r, i) => {
        const y = centres[i]!;
        return (
          <g key={r.label} className="reference-label" data-reference={r.label}>
            <polyline points={`${edge},${levelY[i]} ${edge + leaderEm * fontPx * 0.6},${y}`} fill="none" stroke={r.colour} strokeWidth={fontPx * 0.06} />
            <ShapeMark shape={r.shape} colour={r.colour} x={shapeX} y={y} r={(shapeEm / 2) * fontPx} />
            <text className="reference-label-text" x={textX} y={y} dominantBaseline="central" fill={r.colour} fontSize={fontPx} fontWeight={700}>
              {r.label}
            </text>
          </g>
        );
      })}
    </g>
  );
}
