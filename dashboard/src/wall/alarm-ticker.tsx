import { ageMs } from '@kendali/contracts';
import type { Alarm } from '@kendali/contracts';
import { useEffect, useState } from 'react';
import { compactAge } from '../i18n/compact-age';
import { useI18n } from '../i18n/i18n-context';
import { fill } from '../i18n/messages-devices';
import { SeverityBadge } from '../status/status-badges';
import { FittedName } from './fitted-name';

const pageMs = 6_000; // each alarm stays long enough to be read from across the room

/**
 * The open alarms, worst first, one at a time: paging rather than scrolling keeps the text still
 * and readable from 5 m. Always the same height, so nothing moves. One line holds the severity,
 * the title (which names the device), its age and the count; the district is on the map, where the
 * alarm's marker and shading show it.
 */
export function AlarmTicker({ alarms, now }: { readonly alarms: readonly Alarm[]; readonly now: number }) {
  const { t, lang } = useI18n();
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
          <span className="ticker-age">{compactAge(ageMs(alarm.raisedAt, now), lang)}</span>
          {alarm.state === 'acknowledged' && <span className="ticker-ack">✓ {t.alarmAcknowledged}</span>}
          <span className="ticker-count">{fill(t.tickerCount, { i: (page % alarms.length) + 1, n: alarms.length })}</span>
        </p>
      )}
    </div>
  );
}
