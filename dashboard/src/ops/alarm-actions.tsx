import type { Alarm } from '@kendali/contracts';
import type { FormEvent } from 'react';
import { useState } from 'react';
import { useI18n } from '../i18n/i18n-context';
import type { Messages } from '../i18n/messages';
import { fill } from '../i18n/messages-devices';
import { ServerProblem } from '../shell/server-problem';
import { api } from '../telemetry/api-client';
import { isShelved } from '../telemetry/live-alarms';

const shelveChoicesMinutes = [15, 60, 240, 480, 1440] as const; // at most 24 h (the API's limit)

/** "15 minutes", "1 hour", "4 hours": English counts need a singular. */
function shelveChoiceText(minutes: number, t: Messages): string {
  if (minutes < 60) return fill(t.shelveMinutes, { n: minutes });
  return minutes === 60 ? t.shelveOneHour : fill(t.shelveHours, { n: minutes / 60 });
}

/** Acknowledge with a comment, shelve with a reason, or bring a shelved alarm back. */
export function AlarmActions({ alarm, now, onDone }: { readonly alarm: Alarm; readonly now: number; readonly onDone: (changed: Alarm) => void }) {
  const { t, format } = useI18n();
  const [comment, setComment] = useState('');
  const [minutes, setMinutes] = useState<number>(60);
  const [reason, setReason] = useState('');
  const [busy, setBusy] = useState(false);
  const [problem, setProblem] = useState<unknown>(null);

  const run = (action: () => Promise<Alarm>) => {
    setBusy(true);
    setProblem(null);
    action()
      .then((changed) => {
        setComment('');
        setReason('');
        onDone(changed);
      })
      .catch((error: unknown) => setProblem(error))
      .finally(() => setBusy(false));
  };
  const acknowledge = (event: FormEvent) => {
    event.preventDefault();
    run(() => api.acknowledge(alarm.id, comment));
  };
  const shelve = (event: FormEvent) => {
    event.preventDefault();
    if (reason.trim() !== '') run(() => api.shelve(alarm.id, minutes, reason.trim()));
  };

  if (alarm.state === 'cleared') return <p className="muted">{t.alarmClosedNote}</p>;
  const shelved = isShelved(alarm, now);
  return (
    <div className="alarm-actions">
      <ServerProblem error={problem} />
      {alarm.state === 'active' && (
        <form className="action-form" onSubmit={acknowledge} data-action="ack">
          <label>
            {t.ackComment} <span className="muted">({t.optional})</span>
            <input value={comment} maxLength={1000} onChange={(e) => setComment(e.target.value)} placeholder={t.ackCommentPlaceholder} />
          </label>
          <button type="submit" disabled={busy}>
            {busy ? t.working : t.actionAcknowledge}
          </button>
        </form>
      )}
      {shelved ? (
        <div className="action-form">
          <p>
            {t.shelvedUntil} {format.shortTime(alarm.shelvedUntil ?? now)} — {alarm.shelveReason}
          </p>
          <button type="button" disabled={busy} onClick={() => run(() => api.unshelve(alarm.id))}>
            {t.actionUnshelve}
          </button>
        </div>
      ) : (
        <form className="action-form" onSubmit={shelve} data-action="shelve">
          <label>
            {t.shelveFor}
            <select value={minutes} onChange={(e) => setMinutes(Number(e.target.value))}>
              {shelveChoicesMinutes.map((m) => (
                <option key={m} value={m}>
                  {shelveChoiceText(m, t)}
                </option>
              ))}
            </select>
          </label>
          <label>
            {t.shelveReason}
            <input value={reason} maxLength={500} required onChange={(e) => setReason(e.target.value)} placeholder={t.shelveReasonPlaceholder} />
          </label>
          <button type="submit" disabled={busy || reason.trim() === ''}>
            {t.actionShelve}
          </button>
        </form>
      )}
    </div>
  );
}
