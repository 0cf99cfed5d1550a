import { instantOfWallClock, roleSatisfies, type AuditEntry, type AuditQuery, type AuditVerification } from '@kendali/contracts';
import { useCallback, useEffect, useState, type FormEvent } from 'react';
import '../devices/devices.css';
import { useCities } from '../city/cities-context';
import { downloadBlob } from '../devices/browser-files';
import { useI18n } from '../i18n/i18n-context';
import { fill } from '../i18n/messages-devices';
import { DeskHeader } from '../shell/desk-header';
import { api } from '../telemetry/api-client';
import { useAuth } from '../telemetry/use-auth';
import { useTelemetry } from '../telemetry/use-telemetry';
import './audit.css';

const pageRows = 200;

interface Filters {
  readonly actor: string;
  readonly target: string;
  /** Days (YYYY-MM-DD) on the room city's calendar; `to` is included. */
  readonly from: string;
  readonly to: string;
}

const noFilters: Filters = { actor: '', target: '', from: '', to: '' };
const dayMs = 86_400_000;

/** The filters as the API takes them: a day is midnight to midnight on the room city's clock. */
function auditQuery(filters: Filters, timeZone: string): Partial<AuditQuery> {
  const midnight = (day: string) => instantOfWallClock(Date.parse(`${day}T00:00:00Z`), timeZone);
  return {
    ...(filters.actor.trim() === '' ? {} : { actor: filters.actor.trim() }),
    ...(filters.target.trim() === '' ? {} : { target: filters.target.trim() }),
    ...(filters.from === '' ? {} : { from: midnight(filters.from) }),
    ...(filters.to === '' ? {} : { to: midnight(filters.to) + dayMs }),
  };
}

/** `/ops/audit`: the audit log for admins, filtered and paged, downloadable, and the check of its hash chain. */
export function AuditPage() {
  const { t, format } = useI18n();
  const { link } = useTelemetry();
  const { identity } = useAuth();
  const { timeZone } = useCities().zone;
  const refused = identity !== null && !roleSatisfies(identity.role, 'admin');
  const [draft, setDraft] = useState<Filters>(noFilters);
  const [filters, setFilters] = useState<Filters>(noFilters);
  const [entries, setEntries] = useState<readonly AuditEntry[] | null>(null);
  const [more, setMore] = useState(false);
  const [problem, setProblem] = useState<string | null>(null);
  const [verification, setVerification] = useState<AuditVerification | 'running' | null>(null);

  const load = useCallback(
    async (before?: number) => {
      setProblem(null);
      try {
        const page = await api.audit({ ...auditQuery(filters, timeZone), limit: pageRows, ...(before === undefined ? {} : { before }) });
        setEntries((shown) => (before === undefined || shown === null ? page : [...shown, ...page]));
        setMore(page.length === pageRows);
      } catch (error) {
        setProblem((error as Error).message);
      }
    },
    [filters, timeZone],
  );

  useEffect(() => {
    if (!refused) void load();
  }, [load, refused]);

  const apply = (event: FormEvent) => {
    event.preventDefault();
    setEntries(null);
    setFilters(draft);
  };
  const verify = async () => {
    setVerification('running');
    try {
      setVerification(await api.auditVerify());
    } catch (error) {
      setVerification(null);
      setProblem((error as Error).message);
    }
  };
  const download = async () => {
    try {
      downloadBlob(await api.auditCsv({ ...auditQuery(filters, timeZone), limit: 10_000 }), 'kendali-audit.csv');
    } catch (error) {
      setProblem((error as Error).message);
    }
  };
  const field = (name: keyof Filters) => ({ value: draft[name], onChange: (event: { target: { value: string } }) => setDraft({ ...draft, [name]: event.target.value }) });

  return (
    <div className="devices-page audit-page">
      <DeskHeader page="audit" link={link} />
      {refused ? (
        <p className="role-notice" role="status">
          <span aria-hidden="true">ⓘ </span>
          {t.auditAdminOnly}
        </p>
      ) : (
        <main className="audit-main">
          <header className="audit-head">
            <h1>{t.auditTitle}</h1>
            <p className="muted">{t.auditIntro}</p>
          </header>
          <form className="audit-filters" onSubmit={apply}>
            <label>
              {t.auditActor}
              <input type="text" {...field('actor')} />
            </label>
            <label>
              {t.auditTarget}
              <input type="text" {...field('target')} />
            </label>
            <label>
              {t.auditFrom}
              <input type="date" {...field('from')} />
            </label>
            <label>
              {t.auditTo}
              <input type="date" {...field('to')} />
            </label>
            <button type="submit" className="primary-button">
              {t.auditApply}
            </button>
            <button type="button" className="quiet-button" onClick={() => void download()}>
              {t.auditDownload}
            </button>
            <button type="button" className="quiet-button" onClick={() => void verify()} disabled={verification === 'running'}>
              {verification === 'running' ? t.auditVerifying : t.auditVerify}
            </button>
          </form>
          {verification !== null && verification !== 'running' && <ChainVerdict verification={verification} />}
          {problem !== null && (
            <p className="form-error" role="alert">
              {problem}
            </p>
          )}
          {entries === null ? (
            <p className="muted">{t.auditLoading}</p>
          ) : entries.length === 0 ? (
            <p className="muted">{t.auditEmpty}</p>
          ) : (
            <>
              <p className="muted audit-count">
                {fill(t.auditShown, { count: format.number(entries.length) })} · {format.zone}
              </p>
              <AuditTable entries={entries} />
              {more && (
                <button type="button" className="quiet-button" onClick={() => void load(entries.at(-1)?.seq)}>
                  {t.auditOlder}
                </button>
              )}
            </>
          )}
        </main>
      )}
    </div>
  );
}

function ChainVerdict({ verification }: { readonly verification: AuditVerification }) {
  const { t, format } = useI18n();
  if (!verification.ok) {
    return (
      <p className="audit-verdict is-broken" role="alert" data-verdict="broken">
        <span aria-hidden="true">✖ </span>
        {fill(t.auditChainBroken, { seq: verification.brokenAt ?? '?', problem: verification.problem ?? '' })}
      </p>
    );
  }
  return (
    <div className="audit-verdict is-ok" role="status" data-verdict="ok">
      <p>
        <span aria-hidden="true">✔ </span>
        {fill(t.auditChainOk, { entries: format.number(verification.entries) })}
      </p>
      {verification.head && (
        <p className="muted">
          {fill(t.auditHead, { seq: verification.head.seq })} <code>{verification.head.hash}</code>
        </p>
      )}
    </div>
  );
}

/** The log's names for people signing in and out, said in words; every other action is its method and route. */
const personActions = { 'sign-in': 'auditSignIn', 'sign-in-failed': 'auditSignInFailed', 'sign-in-locked': 'auditSignInLocked', 'sign-out': 'auditSignOut' } as const;

function AuditAction({ action }: { readonly action: string }) {
  const { t } = useI18n();
  const words = Object.hasOwn(personActions, action) ? t[personActions[action as keyof typeof personActions]] : null;
  if (words === null) return <code>{action}</code>;
  return (
    <span className={`audit-person-event is-${action}`} data-action={action}>
      <span className="cell-main">{words}</span>
      <code className="cell-sub">{action}</code>
    </span>
  );
}

function AuditTable({ entries }: { readonly entries: readonly AuditEntry[] }) {
  const { t, format } = useI18n();
  return (
    <table className="device-table audit-table">
      <thead>
        <tr>
          <th scope="col">{t.auditColumnSeq}</th>
          <th scope="col">{t.auditColumnAt}</th>
          <th scope="col">{t.auditColumnActor}</th>
          <th scope="col">{t.auditColumnAction}</th>
          <th scope="col">{t.auditColumnTarget}</th>
          <th scope="col">{t.auditColumnStatus}</th>
          <th scope="col">{t.auditColumnSummary}</th>
        </tr>
      </thead>
      <tbody>
        {entries.map((entry) => (
          <tr key={entry.seq} data-seq={entry.seq}>
            <td className="latest-cell">{entry.seq}</td>
            <td>
              <time dateTime={new Date(entry.at).toISOString()}>{format.dateTime(entry.at)}</time>
            </td>
            <td>
              <span className="cell-main">{entry.actor}</span>
              <span className="cell-sub">
                {entry.role ?? '—'} · {entry.address}
              </span>
            </td>
            <td>
              <AuditAction action={entry.action} />
            </td>
            <td>{entry.target ?? '—'}</td>
            <td className={entry.status >= 400 ? 'audit-status is-refused' : 'audit-status'}>
              {entry.status}
              {entry.status >= 400 && <span className="cell-sub">{t.auditRefused}</span>}
            </td>
            <td className="audit-summary">
              <code title={entry.summary}>{entry.summary}</code>
            </td>
          </tr>
        ))}
      </tbody>
    </table>
  );
}
