import type { ProfileTrial } from '@kendali/contracts';
import { useI18n } from '../i18n/i18n-context';
import { fill } from '../i18n/messages-devices';

/** What a proposed profile would do to the messages already recorded: counts, reasons, and each verdict it changes. */
export function TrialResult({ trial }: { readonly trial: ProfileTrial }) {
  const { t, format } = useI18n();
  return (
    <section className="trial-result" aria-live="polite" data-trial-version={trial.version}>
      <h3>{fill(t.kindTrialTitle, { version: trial.version })}</h3>
      <p data-trial="examined">{fill(t.kindTrialExamined, { stored: trial.examined.stored, rejected: trial.examined.rejected })}</p>
      <p className="trial-verdict" data-trial="verdict">
        {fill(t.kindTrialVerdict, { accepted: trial.accepted, rejected: trial.rejected })}
      </p>
      {trial.reasons.length > 0 && (
        <>
          <h4>{t.kindTrialReasons}</h4>
          <table className="reading-table trial-reasons">
            <thead>
              <tr>
                <th scope="col">{t.kindTrialReason}</th>
                <th scope="col">{t.kindTrialReasonCount}</th>
                <th scope="col">{t.kindTrialExample}</th>
              </tr>
            </thead>
            <tbody>
              {trial.reasons.map((reason) => (
                <tr key={reason.code} data-reason={reason.code}>
                  <td>
                    <code>{reason.code}</code>
                  </td>
                  <td>{format.number(reason.count, 0)}</td>
                  <td lang="en">{reason.example}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </>
      )}
      <h4>{t.kindTrialChanges}</h4>
      {trial.changes.length === 0 ? (
        <p className="muted">{t.kindTrialNoChanges}</p>
      ) : (
        <div className="trial-changes">
          <table className="reading-table">
            <thead>
              <tr>
                <th scope="col">{t.kindTrialDevice}</th>
                <th scope="col">{t.kindTrialTime}</th>
                <th scope="col">{t.kindTrialFields}</th>
                <th scope="col">{t.kindTrialNow}</th>
              </tr>
            </thead>
            <tbody>
              {trial.changes.map((change, index) => (
                <tr key={`${change.deviceId}|${change.at}|${index}`} data-change-device={change.deviceId}>
                  <td>
                    <code>{change.deviceId}</code>
                  </td>
                  <td>
                    {format.dateTime(change.at)} {format.zone}
                  </td>
                  <td>
                    <code className="trial-fields">{JSON.stringify(change.fields)}</code>
                  </td>
                  <td>
                    <span className={change.now === 'accepted' ? 'state state-online' : 'state state-offline'}>{change.now === 'accepted' ? t.kindTrialAccepted : t.kindTrialRejected}</span>
                    {change.reason && (
                      <span className="cell-sub" lang="en">
                        <code>{change.reason.code}</code> {change.reason.message}
                      </span>
                    )}
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
    </section>
  );
}
