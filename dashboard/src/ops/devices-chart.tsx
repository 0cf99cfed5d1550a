import type { CityHistory } from '@kendali/contracts';
import { CartesianGrid, Legend, Line, LineChart, ResponsiveContainer, Tooltip, XAxis, YAxis } from 'recharts';
import { useI18n } from '../i18n/i18n-context';

const dayMs = 86_400_000;
/** Line colours that stay apart on the dark panel (and for the common colour blindnesses, as far as six go). */
const palette = ['#f5a524', '#38bdf8', '#e879f9', '#4ade80', '#f87171', '#cbd5e1'];

/** Several devices' histories of one field on one chart, a line and a legend entry each. */
export function DevicesChart({ history, names, from, to }: { readonly history: CityHistory | null; readonly names: ReadonlyMap<string, string>; readonly from: number; readonly to: number }) {
  const { t, format } = useI18n();
  const series = history?.series ?? [];
  // recharts draws lines from one row per time: merge the series on their bucket starts.
  const rows = new Map<number, Record<string, number>>();
  for (const s of series) {
    for (const p of s.points) {
      if (typeof p.value !== 'number') continue;
      const row = rows.get(p.t) ?? { t: p.t };
      row[s.group] = p.value;
      rows.set(p.t, row);
    }
  }
  const data = [...rows.values()].sort((a, b) => a.t! - b.t!);
  const unit = series[0]?.unit ?? '';
  const spansDays = to - from > dayMs;
  return (
    <div className="history-chart devices-chart" data-series={series.length} data-points={data.length}>
      {history !== null && data.length === 0 && <p className="chart-waiting">{t.historyEmpty}</p>}
      <ResponsiveContainer width="100%" height="100%">
        <LineChart data={data} margin={{ top: 12, right: 16, bottom: 0, left: 0 }}>
          <CartesianGrid stroke="#26334d" vertical={false} />
          <XAxis dataKey="t" type="number" domain={[from, to]} allowDataOverflow tickFormatter={(at: number) => (spansDays ? format.shortDate(at) : format.shortTime(at))} stroke="#a9b6cc" tick={{ fill: '#a9b6cc', fontSize: 14 }} tickCount={7} />
          <YAxis domain={['auto', 'auto']} stroke="#a9b6cc" tick={{ fill: '#a9b6cc', fontSize: 14 }} width={64} tickFormatter={(v: number) => format.number(v)} />
          <Tooltip
            labelFormatter={(at) => format.dateTime(Number(at))}
            formatter={(value, name) => [`${format.number(Number(value), 1)} ${unit ?? ''}`, names.get(String(name)) ?? String(name)]}
            contentStyle={{ background: '#0f182b', border: '1px solid #22304d', color: '#eef3fb' }}
          />
          <Legend formatter={(group: string) => names.get(group) ?? group} wrapperStyle={{ fontSize: 14 }} />
          {series.map((s, i) => (
            // A device with only a point or two in the range would draw no line: its points are dots.
            <Line key={s.group} dataKey={s.group} name={s.group} stroke={palette[i % palette.length]} strokeWidth={2} dot={s.points.length <= 2} isAnimationActive={false} connectNulls={false} />
          ))}
        </LineChart>
      </ResponsiveContainer>
    </div>
  );
}
