import type { Alarm, AlarmQuery, AlarmSeverity } from '@kendali/contracts';
import { ageMs, alarmSeverities } from '@kendali/contracts';
import { useCities } from '../city/cities-context';
import { useI18n } from '../i18n/i18n-context';
import { ServerProblem } from '../shell/server-problem';
import { SeverityBadge } from '../status/status-badges';
import { severityLabel } from '../status/status-labels';
import { alarmStateText } from './alarm-state-text';

export type AlarmFilter = Required<Pick<AlarmQuery, 'state'>> & { readonly severity: AlarmSeverity | ''; readonly district: string };

const states = ['open', 'active', 'acknowledged', 'cleared', 'all'] as const;

export interface AlarmListProps {
  readonly alarms: readonly Alarm[];
  readonly filter: AlarmFilter;
  readonly onFilter: (filter: AlarmFilter) => void;
  readonly selected: string | null;
  readonly onSelect: (id: string) => void;
  readonly loading: boolean;
  readonly error: unknown;
  readonly now: number;
}

/** Alarms, worst and newest first, with filters; a row opens its detail and actions. */
export function AlarmList({ alarms, filter, onFilter, selected, onSelect, loading, error, now }: AlarmListProps) {
  const { t, lang, format } = useI18n();
  const { cities } = useCities();
  const stateLabels = { open: t.filterOpen, active: t.alarmStateActive, acknowledged: t.alarmStateAcknowledged, cleared: t.alarmStateCleared, all: t.filterAll };
  return (
    <section className="ops-panel alarm-list" aria-label={t.opsAlarmsTitle}>
      <h2 className="ops-title">
        {t.opsAlarmsTitle} <span className="ops-count">{format.number(alarms.length)}</span>
      </h2>
      <div className="ops-filters">
        <label>
          {t.filterState}
          <select value={filter.state} onChange={(e) => onFilter({ ...filter, state: e.target.value as AlarmFilter['state'] })}>
            {states.map((s) => (
              <option key={s} value={s}>
                {stateLabels[s]}
              </option>
            ))}
          </select>
        </label>
        <label>
          {t.filterSeverity}
          <select value={filter.severity} onChange={(e) => onFilter({ ...filter, severity: e.target.value as AlarmFilter['severity'] })}>
            <option value="">{t.filterAll}</option>
            {alarmSeverities.map((s) => (
              <option key={s} value={s}>
                {severityLabel(s, t)}
              </option>
            ))}
          </select>
        </label>
        <label>
          {t.filterDistrict}
          <select value={filter.district} onChange={(e) => onFilter({ ...filter, district: e.target.value })}>
            <option value="">{t.filterAll}</option>
            {cities.flatMap((city) => city.districts).map((d) => (
              <option key={d.code} value={d.name}>
                {d.name}
              </option>
            ))}
          </select>
        </label>
      </div>
      <ServerProblem error={error} />
      <div className="alarm-rows" aria-busy={loading}>
        {alarms.length === 0 && !loading && <p className="muted ops-empty">{t.opsNoAlarms}</p>}
        <ol>
          {alarms.map((alarm) => (
            <li key={alarm.id}>
              <button
                type="button"
                className={alarm.id === selected ? 'alarm-row is-selected' : 'alarm-row'}
                data-alarm-id={alarm.id}
                data-state={alarm.state}
                aria-pressed={alarm.id === selected}
                onClick={() => onSelect(alarm.id)}
              >
                <SeverityBadge severity={alarm.severity} />
                <span className="alarm-row-title">{alarm.title[lang]}</span>
                <span className="alarm-row-where">{[alarm.district, alarm.deviceId].filter(Boolean).join(' · ')}</span>
                <span className="alarm-row-state">{alarmStateText(alarm, t, now)}</span>
                <span className="alarm-row-age">{format.age(ageMs(alarm.raisedAt, now))}</span>
              </button>
            </li>
          ))}
        </ol>
      </div>
    </section>
  );
}
