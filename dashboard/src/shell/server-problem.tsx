import { useI18n } from '../i18n/i18n-context';
import { ApiRequestError } from '../telemetry/api-client';
import { problemLabel } from './server-problem-text';
import './shell.css';

/**
 * What the server said when it refused a request, in the page's language: a sentence chosen by the
 * error's stable code, the code itself, and the server's own (English) words one click away.
 */
export function ServerProblem({ error, detailOpen = false }: { readonly error: unknown; /** Shows the server's words at once, where they name what to fix (a setting, a JSON path). */ readonly detailOpen?: boolean }) {
  const { t } = useI18n();
  if (error === null || error === undefined) return null;
  const message = error instanceof Error ? error.message : String(error);
  const label = error instanceof ApiRequestError ? problemLabel(error.code) : undefined;
  return (
    <div className="server-problem" role="alert">
      <p>
        <span aria-hidden="true">▲ </span>
        {t.serverRefused} {label ? t[label] : message} {error instanceof ApiRequestError && <code>{error.code}</code>}
      </p>
      {label && (
        <details open={detailOpen}>
          <summary>{t.serverDetail}</summary>
          <span lang="en">{message}</span>
        </details>
      )}
    </div>
  );
}
