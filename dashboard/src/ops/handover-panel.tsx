import { alarmEventTypes } from '@kendali/contracts';
import { useState } from 'react';
import { useI18n } from '../i18n/i18n-context';
import { ServerProblem } from '../shell/server-problem';
import { fill } from '../i18n/messages-devices';
import { SeverityBadge } from '../status/status-badges';
import { api } from '../telemetry/api-client';
import type { OpenAlarms } from '../telemetry/live-alarms';
import { eventTypeText } from './alarm-detail';
import { useOnAlarmChange } from './use-alarm-feed';
import { useResource } from './use-resource';

/** The shift handover sheet (07-14, 14-21, 21-07 on the city's clock): what happened, and what the next shift inherits. */
export function HandoverPanel({ open }: { readonly open: OpenAlarms }) {
  const { t, lang, format } = useI18n();
  const [shift, setShift] = useState<'previous' | 'current'>('current');
  const report = useResource(shift, () => api.handover(shift));
  useOnAlarmChange(open, report.reload);
  const data = report.data;
  return (
    <section className="ops-panel handover" aria-label={t.opsHandoverTitle}>
      <h2 className="ops-title">
        {t.opsHandoverTitle} {data && <span className="ops-count">{format.shortDate(data.shift.from)} {format.shortTime(data.shift.from)}–{format.shortTime(data.shift.to)} {format.zone}</span>}
      </h2>
      <div className="range-picker" role="group" aria-label={t.opsHandoverTitle}>
        <button type="button" aria-pressed={shift === 'current'} onClick={() => setShift('current')}>
          {t.shiftCurrent}
        </button>
        <button type="button" aria-pressed={shift === 'previous'} onClick={() => setShift('previous')}>
          {t.shiftPrevious}
        </button>
      </div>
      <ServerProblem error={report.error} />
      {data && (
        <>
          <ul className="handover-counts">
            {alarmEventTypes.map((type) => (
              <li key={type}>
                {eventTypeText(type, t)} <strong>{format.number(data.counts[type])}</strong>
              </li>
            ))}
          </ul>
          <h3 className="ops-subtitle">{fill(t.handoverStillOpen, { n: data.stillOpen.length, u: data.unacknowledged })}</h3>
          <ul className="handover-open">
            {data.stillOpen.slice(0, 8).map((alarm) => (
              <li key={alarm.id}>
                <SeverityBadge severity={alarm.severity} /> {alarm.title[lang]}
              </li>
            ))}
          </ul>
          <h3 className="ops-subtitle">{t.handoverChanges}</h3>
          <ol className="handover-events">
            {data.events.slice(-12).reverse().map((event, i) => (
              <li key={`${event.alarmId}-${event.at}-${i}`}>
                <span className="muted">{format.shortTime(event.at)}</span> {eventTypeText(event.type, t)}: {event.title?.[lang] ?? event.alarmId}
                <span className="muted"> — {event.by}</span>
                {event.comment && <q>{event.comment}</q>}
              </li>
            ))}
          </ol>
        </>
      )}
    </section>
  );
}
