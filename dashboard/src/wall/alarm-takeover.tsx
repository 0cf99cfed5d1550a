import { ageMs } from '@kendali/contracts';
import type { ReactNode } from 'react';
import type { Alarm } from '@kendali/contracts';
import { useI18n } from '../i18n/i18n-context';
import { fill } from '../i18n/messages-devices';
import { severityLook } from '../status/status-look';
import { StatusIcon } from '../status/status-shape';

/**
 * An unacknowledged critical alarm takes the screen until an operator acknowledges it (on /ops)
 * or it clears: red frame, the critical shape, and the words, never colour alone. What to do (the
 * footer) is always on screen: a long title or detail gives way first (at most two lines each).
 */
export function AlarmTakeover({ alarms, now, children }: { readonly alarms: readonly Alarm[]; readonly now: number; readonly children?: ReactNode }) {
  const { t, lang, format } = useI18n();
  const alarm = alarms[0];
  if (alarm === undefined) return null;
  const look = severityLook('critical');
  return (
    <section className="takeover" role="alert" data-alarm-id={alarm.id}>
      <div className="takeover-text">
        <div className="takeover-body">
          <p className="takeover-kicker">
            <StatusIcon shape={look.shape} colour={look.colour} />
            {t.takeoverKicker}
          </p>
          <h2 className="takeover-title">{alarm.title[lang]}</h2>
          <p className="takeover-detail">{alarm.detail[lang]}</p>
          <dl className="takeover-facts">
            {alarm.district && (
              <div>
                <dt>{t.factDistrict}</dt>
                <dd>{alarm.district}</dd>
              </div>
            )}
            {alarm.value !== null && (
              <div>
                <dt>{t.takeoverValue}</dt>
                <dd>
                  {format.number(alarm.value)}
                  {alarm.threshold !== null && <span className="takeover-limit"> ({fill(t.takeoverLimit, { limit: format.number(alarm.threshold) })})</span>}
                </dd>
              </div>
            )}
            <div>
              <dt>{t.takeoverSince}</dt>
              <dd>
                {format.shortTime(alarm.raisedAt)} · {format.age(ageMs(alarm.raisedAt, now))}
              </dd>
            </div>
          </dl>
        </div>
        <footer className="takeover-footer">
          <p className="takeover-action">{t.takeoverAction}</p>
          {/* The line is kept when empty, so the footer does not move as alarms come and go. */}
          <p className="takeover-more">{alarms.length > 1 ? fill(t.takeoverMore, { n: alarms.length - 1 }) : '\u00a0'}</p>
        </footer>
      </div>
      <div className="takeover-map">{children}</div>
    </section>
  );
}
