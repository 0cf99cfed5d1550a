import { useI18n } from '../i18n/i18n-context';
import { fill } from '../i18n/messages-devices';
import { useResource } from '../ops/use-resource';
import { ServerProblem } from '../shell/server-problem';
import { api } from '../telemetry/api-client';
import { changedAtText } from './kind-text';

/** Every version of a kind, newest first: when, who, and what changed. */
export function KindVersions({ kind, version }: { readonly kind: string; readonly version: number }) {
  const { t, format } = useI18n();
  // Asked again whenever the version in force changes (a save here or elsewhere).
  const versions = useResource(`${kind}|${version}`, () => api.kindVersions(kind));
  const rows = [...(versions.data ?? [])].sort((a, b) => b.version - a.version);
  return (
    <>
      <h3>{t.kindVersionsTitle}</h3>
      <ServerProblem error={versions.error} />
      {versions.loading && rows.length === 0 && <p className="muted">{t.loading}</p>}
      {rows.length > 0 && (
        <table className="reading-table kind-versions">
          <thead>
            <tr>
              <th scope="col">{t.kindColumnVersion}</th>
              <th scope="col">{t.kindVersionWhen}</th>
              <th scope="col">{t.kindVersionWho}</th>
              <th scope="col">{t.kindVersionChanges}</th>
            </tr>
          </thead>
          <tbody>
            {rows.map((stored) => (
              <tr key={stored.version} data-version={stored.version}>
                <td>v{stored.version}</td>
                <td>{changedAtText(stored.changedAt, format)}</td>
                <td>{stored.changedBy}</td>
                <td>
                  {stored.changes.length === 0 ? (
                    <span className="muted">{stored.version === 1 ? t.kindVersionFirst : '—'}</span>
                  ) : (
                    <ul className="kind-changes">
                      {stored.changes.map((line, index) => (
                        <li key={index} lang="en">
                          {line}
                        </li>
                      ))}
                    </ul>
                  )}
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
      {versions.data !== null && rows.length === 0 && <p className="muted">{fill(t.kindNotFound, { kind })}</p>}
    </>
  );
}
