import { useI18n } from '../i18n/i18n-context';
import { ApiRequestError } from '../telemetry/api-client';

/** What the server said when it refused a request: its code and message, next to what was tried. */
export function ServerProblem({ error }: { readonly error: unknown }) {
  const { t } = useI18n();
  if (error === null || error === undefined) return null;
  const message = error instanceof Error ? error.message : String(error);
  return (
    <p className="server-problem" role="alert">
      <span aria-hidden="true">▲ </span>
      {t.serverRefused} {error instanceof ApiRequestError && <code>{error.code}</code>} {message}
    </p>
  );
}
