import { maxDisplayValidDays, roleSatisfies, type Display } from '@kendali/contracts';
import { useCallback, useEffect, useState, type FormEvent } from 'react';
import '../devices/devices.css';
import '../audit/audit.css';
import { useI18n } from '../i18n/i18n-context';
import { fill } from '../i18n/messages-devices';
import { DeskHeader } from '../shell/desk-header';
import { useAuth } from '../telemetry/use-auth';
import { useTelemetry } from '../telemetry/use-telemetry';
import { useNow } from '../use-now';
import { displayApi } from './display-api';

const validityChoicesDays = [30, 90, 180, 365, maxDisplayValidDays] as const;

type Notice = { readonly kind: 'done' | 'problem'; readonly text: string } | null;

/** `/ops/displays`: admins pair a wall screen by the code it shows, see every screen, and revoke one. */
export function DisplaysPage() {
  const { t } = useI18n();
  const { link } = useTelemetry();
  const { identity } = useAuth();
  const refused = identity !== null && !roleSatisfies(identity.role, 'admin');
  const [displays, setDisplays] = useState<readonly Display[] | null>(null);
  const [notice, setNotice] = useState<Notice>(null);
  const [code, setCode] = useState('');
  const [name, setName] = useState('');
  const [validDays, setValidDays] = useState<number>(90);
  const [busy, setBusy] = useState(false);

  const load = useCallback(async () => {
    try {
      setDisplays(await displayApi.list());
    } catch (error) {
      setNotice({ kind: 'problem', text: (error as Error).message });
    }
  }, []);
  useEffect(() => {
    if (!refused) void load();
  }, [load, refused]);

  const pair = async (event: FormEvent) => {
    event.preventDefault();
    setBusy(true);
    setNotice(null);
    try {
      const display = await displayApi.confirm(code, { name: name.trim(), validDays });
      setNotice({ kind: 'done', text: fill(t.displaysPaired, { name: display.name }) });
      setCode('');
      setName('');
      await load();
    } catch (error) {
      setNotice({ kind: 'problem', text: (error as Error).message });
    } finally {
      setBusy(false);
    }
  };
  const revoke = async (display: Display) => {
    setNotice(null);
    try {
      await displayApi.revoke(display.id);
      setNotice({ kind: 'done', text: fill(t.displaysRevoked, { name: display.name }) });
      await load();
    } catch (error) {
      setNotice({ kind: 'problem', text: (error as Error).message });
    }
  };

  return (
    <div className="devices-page audit-page displays-page">
      <DeskHeader page="displays" link={link} />
      {refused ? (
        <p className="role-notice" role="status">
          <span aria-hidden="true">ⓘ </span>
          {t.displaysAdminOnly}
        </p>
      ) : (
        <main className="audit-main">
          <header className="audit-head">
            <h1>{t.displaysTitle}</h1>
            <p className="muted">{t.displaysIntro}</p>
          </header>
          <form className="audit-filters" onSubmit={(event) => void pair(event)} aria-label={t.displaysPairHeading}>
            <label>
              {t.displaysCode}
              <input type="text" name="code" value={code} onChange={(event) => setCode(event.target.value)} placeholder="ACDE-FGHJ" autoComplete="off" spellCheck={false} required />
            </label>
            <label>
              {t.displaysName}
              <input type="text" name="name" value={name} onChange={(event) => setName(event.target.value)} placeholder={t.displaysNamePlaceholder} maxLength={100} required />
            </label>
            <label>
              {t.displaysValidity}
              <select name="validDays" value={validDays} onChange={(event) => setValidDays(Number(event.target.value))}>
                {validityChoicesDays.map((days) => (
                  <option key={days} value={days}>
                    {fill(t.displaysDays, { days })}
                  </option>
                ))}
              </select>
            </label>
            <button type="submit" className="primary-button" disabled={busy || code.trim() === '' || name.trim() === ''}>
              {t.displaysPair}
            </button>
          </form>
          {notice !== null && (
            <p className={notice.kind === 'problem' ? 'form-error' : 'muted'} role={notice.kind === 'problem' ? 'alert' : 'status'}>
              {notice.text}
            </p>
          )}
          {displays === null ? (
            <p className="muted">{t.displaysLoading}</p>
          ) : displays.length === 0 ? (
            <p className="muted">{t.displaysEmpty}</p>
          ) : (
            <DisplayTable displays={displays} onRevoke={(display) => void revoke(display)} />
          )}
        </main>
      )}
    </div>
  );
}

function DisplayTable({ displays, onRevoke }: { readonly displays: readonly Display[]; readonly onRevoke: (display: Display) => void }) {
  const { t, format } = useI18n();
  const now = useNow();
  const when = (at: number) => <time dateTime={new Date(at).toISOString()}>{format.dateTime(at)}</time>;
  return (
    <table className="device-table displays-table">
      <thead>
        <tr>
          <th scope="col">{t.displaysColumnName}</th>
          <th scope="col">{t.displaysColumnBy}</th>
          <th scope="col">{t.displaysColumnCreated}</th>
          <th scope="col">{t.displaysColumnExpires}</th>
          <th scope="col">{t.displaysColumnSeen}</th>
          <th scope="col">{t.displaysColumnState}</th>
          <th scope="col" />
        </tr>
      </thead>
      <tbody>
        {displays.map((display) => {
          const state = display.revokedAt !== null ? 'revoked' : display.expiresAt <= now ? 'expired' : 'active';
          return (
            <tr key={display.id} data-display={display.name} data-state={state}>
              <td>
                <span className="cell-main">{display.name}</span>
              </td>
              <td>{display.createdBy}</td>
              <td>{when(display.createdAt)}</td>
              <td>{when(display.expiresAt)}</td>
              <td>{display.lastSeenAt === null ? t.displaysNeverSeen : when(display.lastSeenAt)}</td>
              <td>{{ active: t.displaysStateActive, expired: t.displaysStateExpired, revoked: t.displaysStateRevoked }[state]}</td>
              <td>
                {state === 'active' && (
                  <button type="button" className="quiet-button" onClick={() => onRevoke(display)}>
                    {t.displaysRevoke}
                  </button>
                )}
              </td>
            </tr>
          );
        })}
      </tbody>
    </table>
  );
}
