import { CartesianGrid, Line, LineChart, ResponsiveContainer, XAxis, YAxis } from 'recharts';
import { useI18n } from '../i18n/i18n-context';
import type { TrendPoint } from '../telemetry/live-state';
import { trendWindowMs } from '../telemetry/live-state';
import { useRemPx } from '../use-rem-px';

const tickStepMs = 3 * 60_000; // a time label every 3 minutes: all of them fit
const colours = { pm25: '#f5a524', messages: '#5cc8ff', grid: '#26334d', axis: '#a9b6cc' } as const;

const tickMarginMs = 60_000; // no label within a minute of the left edge, where it would hit the axis

/** Ticks on whole 3-minute marks inside the window, so labels do not slide with every frame. */
function timeTicks(start: number, end: number): number[] {
  const ticks: number[] = [];
  const first = Math.ceil((start + tickMarginMs) / tickStepMs) * tickStepMs;
  for (let at = first; at <= end; at += tickStepMs) ticks.push(at);
  return ticks;
}

/** Solid and dashed lines: the two series differ in shape, not only in colour. */
function LegendSwatch({ colour, dashed }: { readonly colour: string; readonly dashed: boolean }) {
  return (
    <svg className="legend-swatch" viewBox="0 0 40 10" aria-hidden="true">
      <line x1="0" y1="5" x2="40" y2="5" stroke={colour} strokeWidth="4" strokeDasharray={dashed ? '8 5' : undefined} />
    </svg>
  );
}

export function LiveChart({ trend, now }: { readonly trend: readonly TrendPoint[]; readonly now: number }) {
  const { t, format } = useI18n();
  const remPx = useRemPx();
  const start = now - trendWindowMs;
  const tick = { fill: colours.axis, fontSize: 0.875 * remPx };
  const axisWidth = 2.6 * remPx;

  return (
    <section className="panel panel-chart">
      <h2 className="panel-title">{t.chartTitle}</h2>
      <ul className="legend">
        <li>
          <LegendSwatch colour={colours.pm25} dashed={false} />
          {t.seriesPm25}
        </li>
        <li>
          <LegendSwatch colour={colours.messages} dashed />
          {t.seriesMessagesPerSecond}
        </li>
      </ul>
      <div className="chart-box">
        {trend.length === 0 && <p className="chart-waiting">{t.waitingForData}</p>}
        <ResponsiveContainer width="100%" height="100%">
          <LineChart data={trend as TrendPoint[]} margin={{ top: remPx * 0.5, right: 0, bottom: 0, left: 0 }}>
            <CartesianGrid stroke={colours.grid} vertical={false} />
            <XAxis
              dataKey="at"
              type="number"
              domain={[start, now]}
              allowDataOverflow
              ticks={timeTicks(start, now)}
              interval={0}
              tickFormatter={(at: number) => format.shortTime(at)}
              tick={tick}
              stroke={colours.axis}
              height={1.6 * remPx}
            />
            <YAxis
              yAxisId="pm25"
              domain={[0, 'auto']}
              tick={tick}
              stroke={colours.pm25}
              width={axisWidth}
              tickFormatter={(v: number) => format.number(v)}
            />
            <YAxis
              yAxisId="messages"
              orientation="right"
              domain={[0, 'auto']}
              tick={tick}
              stroke={colours.messages}
              width={axisWidth}
              tickFormatter={(v: number) => format.number(v)}
            />
            <Line
              yAxisId="pm25"
              dataKey="pm25MeanUgm3"
              stroke={colours.pm25}
              strokeWidth={0.14 * remPx}
              dot={false}
              isAnimationActive={false}
            />
            <Line
              yAxisId="messages"
              dataKey="messagesPerSecond"
              stroke={colours.messages}
              strokeWidth={0.14 * remPx}
              strokeDasharray={`${0.4 * remPx} ${0.25 * remPx}`}
              dot={false}
              isAnimationActive={false}
            />
          </LineChart>
        </ResponsiveContainer>
      </div>
    </section>
  );
}
