import { CartesianGrid, Line, LineChart, ResponsiveContainer, Tooltip, XAxis, YAxis } from 'recharts';
import { useI18n } from '../i18n/i18n-context';
import type { TelemetryHistory } from '@kendali/contracts';

const dayMs = 86_400_000;

/** One field's history over the chosen range, bucketed by the API (`every`), mean per bucket. */
export function HistoryChart({ history, from, to }: { readonly history: TelemetryHistory | null; readonly from: number; readonly to: number }) {
  const { t, format } = useI18n();
  const points = (history?.points ?? []).flatMap((p) => (typeof p.value === 'number' ? [{ t: p.t, value: p.value }] : []));
  const spansDays = to - from > dayMs;
  const axisLabel = (at: number) => (spansDays ? format.shortDate(at) : format.shortTime(at));
  return (
    <div className="history-chart" data-points={points.length}>
      {history !== null && points.length === 0 && <p className="chart-waiting">{t.historyEmpty}</p>}
      <ResponsiveContainer width="100%" height="100%">
        <LineChart data={points} margin={{ top: 12, right: 16, bottom: 0, left: 0 }}>
          <CartesianGrid stroke="#26334d" vertical={false} />
          <XAxis dataKey="t" type="number" domain={[from, to]} allowDataOverflow tickFormatter={axisLabel} stroke="#a9b6cc" tick={{ fill: '#a9b6cc', fontSize: 14 }} tickCount={7} />
          <YAxis domain={['auto', 'auto']} stroke="#a9b6cc" tick={{ fill: '#a9b6cc', fontSize: 14 }} width={64} tickFormatter={(v: number) => format.number(v)} />
          <Tooltip
            labelFormatter={(at) => format.dateTime(Number(at))}
            formatter={(value) => [`${format.number(Number(value), 1)} ${history?.unit ?? ''}`, t.historyMean]}
            contentStyle={{ background: '#0f182b', border: '1px solid #22304d', color: '#eef3fb' }}
          />
          <Line dataKey="value" stroke="#f5a524" strokeWidth={2} dot={false} isAnimationActive={false} connectNulls={false} />
        </LineChart>
      </ResponsiveContainer>
    </div>
  );
}
