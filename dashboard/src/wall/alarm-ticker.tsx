import { ageMs } from '@kendali/contracts';
import type { Alarm } from '@kendali/contracts';
import { useEffect, useState } from 'react';
import { useI18n } from '../i18n/i18n-context';
import { fill } from '../i18n/messages-devices';
import { SeverityBadge } from '../status/status-badges';
import { FittedName } from './fitted-name';

const pageMs = 6_000; // each alarm stays long enough to be read from across the room

/**
 * The open alarms, worst first, one at a time: paging rather than scrolling keeps the text still
 * and readable from 5 m. Always the same height, so nothing moves.
 */
export function AlarmTicker({ alarms, now }: { readonly alarms: readonly Alarm[]; readonly now: number }) {
  const { t, lang, format } = useI18n();
  const [page, setPage] = useState(0);
  useEffect(() => {
    const timer = setInterval(() => setPage((p) => p + 1), pageMs);
    return () => clearInterval(timer);
  }, []);
  const alarm = alarms.length === 0 ? null : alarms[page % alarms.length]!;
  return (
    <div className="ticker" role="status" aria-live="polite" data-alarms={alarms.length}>
      {alarm === null ? (
        <p className="ticker-calm">
          <span aria-hidden="true">✓ </span>
          {t.tickerNoAlarms}
        </p>
      ) : (
        <p className="ticker-alarm" data-alarm-id={alarm.id}>
          <SeverityBadge severity={alarm.severity} />
          <FittedName className="ticker-title" name={alarm.title[lang]} />
          {alarm.district && <span className="ticker-district">{alarm.district}</span>}
          <span className="ticker-age">{format.age(ageMs(alarm.raisedAt, now))}</span>
          {alarm.state === 'acknowledged' && <span className="ticker-ack">✓ {t.alarmAcknowledged}</span>}
          <span className="ticker-count">{fill(t.tickerCount, { i: (page % alarms.length) + 1, n: alarms.length })}</span>
        </p>
      )}
    </div>
  );
}
