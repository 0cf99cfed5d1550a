import { CartesianGrid, Line, LineChart, ReferenceLine, ResponsiveContainer, XAxis, YAxis } from 'recharts';
import { useI18n } from '../i18n/i18n-context';
import type { TrendPoint } from '../telemetry/live-state';
import { trendWindowMs } from '../telemetry/live-state';
import { useRemPx } from '../use-rem-px';

export interface TrendSeries {
  readonly key: Exclude<keyof TrendPoint, 'at'>;
  readonly label: string;
  readonly colour: string;
  /** Dashed lines tell a second series apart by shape, not only by colour. */
  readonly dashed?: boolean;
  readonly axis?: 'left' | 'right';
}

export interface TrendReference {
  readonly value: number;
  readonly label: string;
  readonly colour: string;
}

const tickStepMs = 5 * 60_000; // a time label every 5 minutes: two or three fit at wall type sizes
const tickMarginMs = 90_000; // none near the left edge, where it would hit the axis
const gridColour = '#26334d';
const axisColour = '#a9b6cc';

/** Ticks on whole 5-minute marks inside the window, so labels do not slide with every update. */
export function timeTicks(start: number, end: number): number[] {
  const ticks: number[] = [];
  for (let at = Math.ceil((start + tickMarginMs) / tickStepMs) * tickStepMs; at <= end; at += tickStepMs) ticks.push(at);
  return ticks;
}

function LegendSwatch({ colour, dashed }: { readonly colour: string; readonly dashed: boolean }) {
  return (
    <svg className="legend-swatch" viewBox="0 0 40 10" aria-hidden="true">
      <line x1="0" y1="5" x2="40" y2="5" stroke={colour} strokeWidth="4" strokeDasharray={dashed ? '8 5' : undefined} />
    </svg>
  );
}

/** A live chart of the last ten minutes: no animation, fixed ticks, nothing jumps as points arrive. */
/** The top of an axis: the largest value on that side with headroom, rounded up to 1, 2 or 5 × 10ⁿ. */
export function axisTop(trend: readonly TrendPoint[], series: readonly TrendSeries[], side: 'left' | 'right', extra: readonly number[] = []): number {
  let max = Math.max(0, ...extra);
  for (const point of trend) for (const s of series) if ((s.axis ?? 'left') === side) max = Math.max(max, point[s.key] ?? 0);
  const target = max * 1.15;
  if (target <= 0) return 1;
  const power = 10 ** Math.floor(Math.log10(target));
  const step = [1, 2, 5, 10].find((m) => m * power >= target) ?? 10;
  return step * power;
}

/** Axis width that fits its widest tick label. */
function axisWidthPx(top: number, remPx: number, formatNumber: (v: number) => string): number {
  return (formatNumber(top).length * 0.82 + 0.7) * remPx;
}

export function TrendChart({ title, series, trend, now, references = [] }: { readonly title: string; readonly series: readonly TrendSeries[]; readonly trend: readonly TrendPoint[]; readonly now: number; readonly references?: readonly TrendReference[] }) {
  const { t, format } = useI18n();
  const remPx = useRemPx();
  const start = now - trendWindowMs;
  const tick = { fill: axisColour, fontSize: 1.4 * remPx };
  const formatNumber = (v: number) => format.number(v);
  const leftTop = axisTop(trend, series, 'left', references.map((r) => r.value));
  const rightTop = axisTop(trend, series, 'right');
  const leftWidth = axisWidthPx(leftTop, remPx, formatNumber);
  const rightWidth = axisWidthPx(rightTop, remPx, formatNumber);
  const hasRight = series.some((s) => s.axis === 'right');
  const empty = trend.every((point) => series.every((s) => point[s.key] === null));
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
        <ResponsiveContainer width="100%" height="100%">
          <LineChart data={trend as TrendPoint[]} margin={{ top: remPx * 0.6, right: hasRight ? 0 : remPx * 0.6, bottom: 0, left: 0 }}>
            <CartesianGrid stroke={gridColour} vertical={false} />
            <XAxis
              dataKey="at"
              type="number"
              domain={[start, now]}
              allowDataOverflow
              ticks={timeTicks(start, now)}
              interval={0}
              tickFormatter={(at: number) => format.shortTime(at)}
              tick={tick}
              stroke={axisColour}
              height={1.9 * remPx}
            />
            <YAxis yAxisId="left" domain={[0, leftTop]} allowDataOverflow tick={tick} stroke={axisColour} width={leftWidth} tickCount={4} tickFormatter={(v: number) => format.number(v)} />
            {hasRight && <YAxis yAxisId="right" orientation="right" domain={[0, rightTop]} allowDataOverflow tick={tick} stroke={axisColour} width={rightWidth} tickCount={4} tickFormatter={(v: number) => format.number(v)} />}
            {references.map((r) => (
              <ReferenceLine key={r.label} yAxisId="left" y={r.value} stroke={r.colour} strokeDasharray="6 4" strokeWidth={0.08 * remPx} label={{ value: r.label, fill: r.colour, fontSize: 1.4 * remPx, position: 'insideBottomLeft' }} />
            ))}
            {series.map((s) => (
              <Line
                key={s.key}
                yAxisId={s.axis ?? 'left'}
                dataKey={s.key}
                stroke={s.colour}
                strokeWidth={0.14 * remPx}
                strokeDasharray={s.dashed ? `${0.4 * remPx} ${0.25 * remPx}` : undefined}
                dot={false}
                connectNulls={false}
                isAnimationActive={false}
              />
            ))}
          </LineChart>
        </ResponsiveContainer>
      </div>
    </section>
  );
}
