import { useI18n } from '../i18n/i18n-context';
import { fill } from '../i18n/messages-devices';
import { LinkIndicator } from '../shell/link-indicator';
import type { MessageLogEntry } from '../telemetry/device-message-log';
import { useDeviceMessages } from '../telemetry/use-device-messages';

const shownPayloadChars = 240; // the full text (≤ 2 KiB) is in the tooltip

function Outcome({ entry }: { readonly entry: MessageLogEntry }) {
  const { t } = useI18n();
  if (entry.rejections.length === 0) {
    return (
      <span className="outcome-stored">
        {entry.stored > 1 ? fill(t.messageStoredMany, { n: entry.stored }) : t.messageStored}
      </span>
    );
  }
  return (
    <ul className="outcome-rejections">
      {entry.rejections.map((rejection, index) => (
        <li key={index}>
          <span aria-hidden="true">✕ </span>
          <code className="rejection-code">{rejection.code}</code> <span className="rejection-message">{rejection.message}</span>
        </li>
      ))}
    </ul>
  );
}

function MessageRow({ entry }: { readonly entry: MessageLogEntry }) {
  const { t, format } = useI18n();
  const payload = entry.payload;
  const rejected = entry.rejections.length > 0;
  return (
    <li className={rejected ? 'message is-rejected' : 'message is-stored'}>
      {entry.skippedBefore > 0 && <p className="message-skipped">{fill(t.messageSkipped, { n: entry.skippedBefore })}</p>}
      <time className="message-time" dateTime={new Date(entry.at).toISOString()}>
        {format.clock(entry.at)}
      </time>
      <Outcome entry={entry} />
      {payload === null ? (
        <span className="message-payload muted">{t.messageEarlier}</span>
      ) : (
        <code className="message-payload" title={payload}>
          {payload.length > shownPayloadChars ? `${payload.slice(0, shownPayloadChars)}…` : payload}
        </code>
      )}
    </li>
  );
}

/** Every message of one device as it arrives, with what became of it: a firmware bug shows in seconds. */
export function DeviceMessagesPanel({ deviceId }: { readonly deviceId: string }) {
  const { t } = useI18n();
  const { link, log } = useDeviceMessages(deviceId);
  return (
    <section className="messages-panel panel-card" aria-labelledby="messages-title">
      <header className="messages-head">
        <h2 id="messages-title">
          {t.messagesTitle} <span className="section-note">{t.messagesNote}</span>
        </h2>
        <LinkIndicator link={link} />
      </header>
      {log.length === 0 ? (
        <p className="muted messages-waiting">{t.messagesWaiting}</p>
      ) : (
        <ol className="message-log" aria-label={t.messagesTitle}>
          {log.map((entry) => (
            <MessageRow key={entry.key} entry={entry} />
          ))}
        </ol>
      )}
    </section>
  );
}
