import { useI18n } from '../i18n/i18n-context';
import { fill } from '../i18n/messages-devices';
import type { MessageKey } from '../i18n/messages';
import { downloadBlob } from './browser-files';
import type { ImportSummary, ImportVerdict } from './import-report';
import { credentialsCsv } from './import-report';

const verdicts: Record<ImportVerdict, { readonly label: MessageKey; readonly symbol: string; readonly good: boolean }> = {
  ready: { label: 'importReady', symbol: '✓', good: true },
  imported: { label: 'importDone', symbol: '✓', good: true },
  problems: { label: 'importProblems', symbol: '▲', good: false },
  refused: { label: 'importRefused', symbol: '▲', good: false },
  empty: { label: 'importEmpty', symbol: '▲', good: false },
};

/** The server's import report: counts, every problem with its line, and new credentials (once). */
export function ImportReportView({ summary }: { readonly summary: ImportSummary }) {
  const { t } = useI18n();
  const verdict = verdicts[summary.verdict];
  const download = () => downloadBlob(new Blob([credentialsCsv(summary.credentials)], { type: 'text/csv' }), 'kendali-device-credentials.csv');
  return (
    <section className="import-report" aria-live="polite">
      <p className={verdict.good ? 'import-verdict is-good' : 'import-verdict is-bad'}>
        <span aria-hidden="true">{verdict.symbol} </span>
        {t[verdict.label]}
      </p>
      <p className="import-counts">
        <span>
          <strong>{summary.valid}</strong> {t.importValid}
        </span>
        <span>
          <strong>{summary.create}</strong> {t.importCreate}
        </span>
        <span>
          <strong>{summary.update}</strong> {t.importUpdate}
        </span>
      </p>
      {summary.problems.length > 0 && (
        <table className="problem-table">
          <thead>
            <tr>
              <th scope="col">{t.columnLine}</th>
              <th scope="col">{t.columnId}</th>
              <th scope="col">{t.columnProblem}</th>
            </tr>
          </thead>
          <tbody>
            {summary.problems.map((problem, index) => (
              <tr key={`${problem.line}-${index}`}>
                <td>{problem.line}</td>
                <td>
                  <code>{problem.id ?? '—'}</code>
                </td>
                <td>{problem.message}</td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
      {summary.credentials.length > 0 && (
        <div className="credential-panel">
          <p className="credential-once" role="alert">
            <span aria-hidden="true">⚠ </span>
            {fill(t.importCredentials, { n: summary.credentials.length })}
          </p>
          <button type="button" className="primary-button" onClick={download}>
            {t.importDownloadCredentials}
          </button>
        </div>
      )}
    </section>
  );
}
