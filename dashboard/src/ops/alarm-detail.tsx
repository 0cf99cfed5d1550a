import type { Alarm, AlarmEventType } from '@kendali/contracts';
import { roleSatisfies } from '@kendali/contracts';
import { useI18n } from '../i18n/i18n-context';
import { ServerProblem } from '../shell/server-problem';
import type { Messages } from '../i18n/messages';
import { fill } from '../i18n/messages-devices';
import { SeverityBadge } from '../status/status-badges';
import { api } from '../telemetry/api-client';
import type { OpenAlarms } from '../telemetry/live-alarms';
import { useAuth } from '../telemetry/use-auth';
import { AlarmActions } from './alarm-actions';
import { alarmStateText } from './alarm-state-text';
import { useOnAlarmChange } from './use-alarm-feed';
import { useResource } from './use-resource';

export function eventTypeText(type: AlarmEventType, t: Messages): string {
  const texts: Record<AlarmEventType, string> = {
    raised: t.eventRaised,
    're-raised': t.eventReraised,
    'severity-changed': t.eventSeverityChanged,
    acknowledged: t.eventAcknowledged,
    shelved: t.eventShelved,
    unshelved: t.eventUnshelved,
    cleared: t.eventCleared,
  };
  return texts[type];
}

export interface AlarmDetailProps {
  readonly id: string;
  readonly open: OpenAlarms;
  readonly now: number;
  readonly onChanged: (alarm: Alarm) => void;
  readonly onDrill: (target: { readonly district: string | null; readonly deviceId: string | null }) => void;
}

/** One alarm: what, where, since when, who took it, its audit trail, and what the operator may do. */
export function AlarmDetail({ id, open, now, onChanged, onDrill }: AlarmDetailProps) {
  const { t, lang, format } = useI18n();
  const { identity } = useAuth();
  const detail = useResource(id, () => api.alarm(id));
  useOnAlarmChange(open, detail.reload);
  const alarm = detail.data?.alarm ?? null;
  if (alarm === null) return <section className="ops-panel alarm-detail">{detail.error ? <ServerProblem error={detail.error} /> : <p className="muted">{t.loading}</p>}</section>;
  const mayOperate = identity !== null && roleSatisfies(identity.role, 'operator');

  return (
    <section className="ops-panel alarm-detail" data-alarm-id={alarm.id} data-state={alarm.state}>
      <h2 className="ops-title">
        <SeverityBadge severity={alarm.severity} /> {alarm.title[lang]}
      </h2>
      <p>{alarm.detail[lang]}</p>
      <dl className="facts">
        <dt>{t.factState}</dt>
        <dd className="alarm-state">{alarmStateText(alarm, t, now)}</dd>
        {alarm.district && (
          <>
            <dt>{t.factDistrict}</dt>
            <dd>{alarm.district}</dd>
          </>
        )}
        {alarm.deviceId && (
          <>
            <dt>{t.factDevice}</dt>
            <dd>
              <button type="button" className="link-button" onClick={() => onDrill({ district: alarm.district, deviceId: alarm.deviceId })}>
                {alarm.deviceId} — {t.actionShowHistory}
              </button>
            </dd>
          </>
        )}
        {alarm.value !== null && (
          <>
            <dt>{t.takeoverValue}</dt>
            <dd>
              {format.number(alarm.value, 1)}
              {alarm.threshold !== null && ` (${fill(t.takeoverLimit, { limit: format.number(alarm.threshold, 1) })})`}
            </dd>
          </>
        )}
        <dt>{t.factRaised}</dt>
        <dd>
          {format.dateTime(alarm.raisedAt)} {alarm.raiseCount > 1 && `· ${fill(t.raisedTimes, { n: alarm.raiseCount })}`}
        </dd>
        {alarm.acknowledgedBy && (
          <>
            <dt>{t.factAcknowledged}</dt>
            <dd className="alarm-ack">
              {alarm.acknowledgedBy}, {format.dateTime(alarm.acknowledgedAt ?? now)}
              {alarm.ackComment && <q>{alarm.ackComment}</q>}
            </dd>
          </>
        )}
      </dl>
      {mayOperate ? <AlarmActions alarm={alarm} now={now} onDone={(changed) => { detail.reload(); onChanged(changed); }} /> : <p className="muted">{t.opsViewerNote}</p>}
      <h3 className="ops-subtitle">{t.auditTrail}</h3>
      <table className="audit">
        <tbody>
          {(detail.data?.events ?? []).map((event, i) => (
            <tr key={`${event.at}-${i}`}>
              <td>{format.dateTime(event.at)}</td>
              <td>{eventTypeText(event.type, t)}</td>
              <td>{event.by}</td>
              <td>{event.comment ?? ''}</td>
            </tr>
          ))}
        </tbody>
      </table>
    </section>
  );
}
