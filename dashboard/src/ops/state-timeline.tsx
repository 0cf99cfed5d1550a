import { CartesianGrid, Line, LineChart, ResponsiveContainer, Tooltip, XAxis, YAxis } from 'recharts';
import { valueLabel, type FieldSpec, type TelemetryHistory } from '@kendali/contracts';
import { useI18n } from '../i18n/i18n-context';
import { stateHistory } from './state-history';

const dayMs = 86_400_000;
/** Changes listed under the chart, newest first; the chart shows the whole range. */
const listedChanges = 12;

/**
 * A string field's history as states over time: a step line across the field's values (each
 * bucket's last state, held until the next), and the latest changes as a table, in the profile's
 * labels for the reader's language.
 */
export function StateTimeline({ history, field, from, to }: { readonly history: TelemetryHistory | null; readonly field: FieldSpec | undefined; readonly from: number; readonly to: number }) {
  const { t, lang, format } = useI18n();
  const { states, points, changes } = stateHistory(field, history?.points ?? [], lang);
  const spansDays = to - from > dayMs;
  const axisLabel = (at: number) => (spansDays ? format.shortDate(at) : format.shortTime(at));
  const stateLabel = (level: number) => {
    const state = states[level];
    return state === undefined ? '' : valueLabel(field, state, lang);
  };
  return (
    <div className="state-timeline" data-points={points.length} data-changes={changes.length}>
      <div className="history-chart state-chart" style={{ minHeight: `${Math.max(120, 36 * states.length + 48)}px` }}>
        {history !== null && points.length === 0 && <p className="chart-waiting">{t.historyEmpty}</p>}
        <ResponsiveContainer width="100%" height="100%">
          <LineChart data={[...points]} margin={{ top: 12, right: 16, bottom: 0, left: 0 }}>
            <CartesianGrid stroke="#26334d" vertical={false} />
            <XAxis dataKey="t" type="number" domain={[from, to]} allowDataOverflow tickFormatter={axisLabel} stroke="#a9b6cc" tick={{ fill: '#a9b6cc', fontSize: 14 }} tickCount={7} />
            <YAxis
              type="number"
              domain={[-0.5, Math.max(0, states.length - 0.5)]}
              ticks={states.map((_, level) => level)}
              interval={0}
              tickFormatter={stateLabel}
              stroke="#a9b6cc"
              tick={{ fill: '#a9b6cc', fontSize: 14 }}
              width={112}
            />
            <Tooltip
              labelFormatter={(at) => format.dateTime(Number(at))}
              formatter={(level) => [stateLabel(Number(level)), t.historyLast]}
              contentStyle={{ background: '#0f182b', border: '1px solid #22304d', color: '#eef3fb' }}
            />
            <Line dataKey="level" type="stepAfter" stroke="#f5a524" strokeWidth={3} dot={false} isAnimationActive={false} />
          </LineChart>
        </ResponsiveContainer>
      </div>
      {changes.length > 0 && (
        <table className="reading-table state-changes" aria-label={t.stateChangesTitle}>
          <caption>{t.stateChangesTitle}</caption>
          <thead>
            <tr>
              <th scope="col">{t.stateSince}</th>
              <th scope="col">{t.stateValue}</th>
            </tr>
          </thead>
          <tbody>
            {changes
              .slice(-listedChanges)
              .reverse()
              .map((change) => (
                <tr key={change.t} data-state={change.value}>
                  <td>{format.dateTime(change.t)}</td>
                  <td title={change.value}>{change.label}</td>
                </tr>
              ))}
          </tbody>
        </table>
      )}
    </div>
  );
}
