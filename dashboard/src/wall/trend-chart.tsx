import { trendWindowMs, type TrendPoint } from '@kendali/contracts';
import { memo } from 'react';
import { CartesianGrid, Line, LineChart, ReferenceLine, ResponsiveContainer, XAxis, YAxis } from 'recharts';
import { useI18n } from '../i18n/i18n-context';
import { useRemPx } from '../use-rem-px';
import { useHeldFor } from '../use-sampled';
import { axisTicks, axisTop, timeTicks } from './chart-scale';
import type { TrendReference } from './reference-labels';
import { ReferenceLabels, referenceGutterPx, referenceLabelHalfPx } from './reference-labels';
import { sameProps } from './same-props';
import { digitEm, floorRem, textSlack } from './wall-metrics';

export type { TrendReference } from './reference-labels';

export interface TrendSeries {
  readonly key: Exclude<keyof TrendPoint, 'at'>;
  readonly label: string;
  readonly colour: string;
  /** Dashed lines tell a second series apart by shape, not only by colour. */
  readonly dashed?: boolean;
  readonly axis?: 'left' | 'right';
}

const gridColour = '#26334d';
const axisColour = '#a9b6cc';

function LegendSwatch({ colour, dashed }: { readonly colour: string; readonly dashed: boolean }) {
  return (
    <svg className="legend-swatch" viewBox="0 0 40 10" aria-hidden="true">
      <line x1="0" y1="5" x2="40" y2="5" stroke={colour} strokeWidth="4" strokeDasharray={dashed ? '8 5' : undefined} />
    </svg>
  );
}

/** Highest value a side of the chart has to show. */
function sideMax(trend: readonly TrendPoint[], series: readonly TrendSeries[], side: 'left' | 'right'): number {
  let max = 0;
  for (const point of trend) for (const s of series) if ((s.axis ?? 'left') === side) max = Math.max(max, point[s.key] ?? 0);
  return max;
}

const chartStepMs = 1_000; // the chart moves on by whole seconds, not on each redraw
const noReferences: readonly TrendReference[] = [];

interface TrendPlotProps {
  readonly series: readonly TrendSeries[];
  readonly trend: readonly TrendPoint[];
  /** End of the time axis, server time, ms epoch. */
  readonly endAt: number;
  readonly references: readonly TrendReference[];
  readonly fontPx: number;
}

/**
 * The recharts part of a trend chart. Recharts runs its whole selector pipeline on every render,
 * so this renders only when its props really change (equal inline series and levels count as
 * unchanged): once a second, when the chart moves on.
 */
const TrendPlot = memo(function TrendPlot({ series, trend, endAt, references, fontPx }: TrendPlotProps) {
  const { format } = useI18n();
  const start = endAt - trendWindowMs;
  const tick = { fill: axisColour, fontSize: fontPx };
  const formatNumber = (v: number) => format.number(v);
  // Room for the widest figure (no separator is wider than a digit) and the tick, with the figures 10% wider.
  const axisWidth = (top: number) => (formatNumber(top).length * digitEm * textSlack + 0.45) * fontPx;
  const leftTop = axisTop(Math.max(sideMax(trend, series, 'left'), ...references.map((r) => r.value)));
  const rightTop = axisTop(sideMax(trend, series, 'right'));
  const hasRight = series.some((s) => s.axis === 'right');
  const gutter = referenceGutterPx(references, fontPx);
  const timeAxisPx = fontPx * 1.25;
  return (
    <ResponsiveContainer width="100%" height="100%">
      <LineChart
        data={trend as TrendPoint[]}
        margin={{ top: references.length > 0 ? referenceLabelHalfPx(fontPx) : fontPx * 0.5, right: hasRight ? 0 : Math.max(gutter, fontPx * 0.5), bottom: 0, left: 0 }}
      >
        <CartesianGrid stroke={gridColour} vertical={false} />
        <XAxis
          dataKey="at"
          type="number"
          domain={[start, endAt]}
          allowDataOverflow
          ticks={timeTicks(start, endAt)}
          interval={0}
          tickFormatter={(at: number) => format.shortTime(at)}
          tick={tick}
          stroke={axisColour}
          height={timeAxisPx}
        />
        <YAxis yAxisId="left" domain={[0, leftTop]} allowDataOverflow ticks={axisTicks(leftTop)} interval={0} tick={tick} stroke={axisColour} width={axisWidth(leftTop)} tickFormatter={formatNumber} />
        {hasRight && <YAxis yAxisId="right" orientation="right" domain={[0, rightTop]} allowDataOverflow ticks={axisTicks(rightTop)} interval={0} tick={tick} stroke={axisColour} width={axisWidth(rightTop)} tickFormatter={formatNumber} />}
        {references.map((r) => (
          <ReferenceLine key={r.label} yAxisId="left" y={r.value} stroke={r.colour} strokeDasharray={`${fontPx * 0.2} ${fontPx * 0.12}`} strokeWidth={fontPx * 0.05} />
        ))}
        {series.map((s) => (
          <Line
            key={s.key}
            yAxisId={s.axis ?? 'left'}
            dataKey={s.key}
            stroke={s.colour}
            strokeWidth={fontPx * 0.09}
            strokeDasharray={s.dashed ? `${fontPx * 0.25} ${fontPx * 0.15}` : undefined}
            dot={false}
            connectNulls={false}
            isAnimationActive={false}
          />
        ))}
        <ReferenceLabels references={references} top={leftTop} fontPx={fontPx} axisPx={timeAxisPx} />
      </LineChart>
    </ResponsiveContainer>
  );
}, sameProps);

/**
 * A live chart of the last ten minutes: no animation, fixed ticks, nothing jumps as points arrive.
 * Levels (`references`, e.g. Siaga 3/2/1) are dashed lines named in the right margin. It follows the
 * trend once a second: the newest point changes with every frame, the picture needs no more.
 */
export function TrendChart({ title, series, trend, now, references = noReferences }: { readonly title: string; readonly series: readonly TrendSeries[]; readonly trend: readonly TrendPoint[]; readonly now: number; readonly references?: readonly TrendReference[] }) {
  const { t } = useI18n();
  const fontPx = floorRem * useRemPx();
  const step = Math.floor(now / chartStepMs);
  const shown = useHeldFor(trend, step);
  const empty = shown.every((point) => series.every((s) => point[s.key] === null));
  return (
    <section className="panel trend-panel" data-chart={series.map((s) => s.key).join(' ')}>
      <ul className="legend">
        <li className="legend-title">
          <h2 className="visually-hidden">{title}</h2>
          <span aria-hidden="true">{t.chartWindow}</span>
        </li>
        {series.map((s) => (
          <li key={s.key}>
            <LegendSwatch colour={s.colour} dashed={s.dashed === true} />
            {s.label}
          </li>
        ))}
      </ul>
      <div className="chart-box">
        {empty && <p className="chart-waiting">{t.waitingForData}</p>}
        <TrendPlot series={series} trend={shown} endAt={step * chartStepMs} references={references} fontPx={fontPx} />
      </div>
    </section>
  );
}
