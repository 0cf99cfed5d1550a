import type { FormEvent } from 'react';
import { useState } from 'react';
import { useI18n } from '../i18n/i18n-context';
import { LanguageToggle } from '../shell/language-toggle';
import { ApiRequestError, api } from '../telemetry/api-client';
import { authStore } from '../telemetry/auth-store';
import { OidcSignInButton } from './oidc-sign-in-button';
import './sign-in.css';

type Problem = 'rejected' | 'unreachable' | null;

/** Full screen, readable from a distance: a person pastes a token; it is checked before use. */
export function SignInPanel({ rejected }: { readonly rejected: boolean }) {
  const { t } = useI18n();
  const [token, setToken] = useState('');
  const [checking, setChecking] = useState(false);
  const [problem, setProblem] = useState<Problem>(rejected ? 'rejected' : null);

  const submit = (event: FormEvent) => {
    event.preventDefault();
    const candidate = token.trim();
    if (candidate === '') return;
    setChecking(true);
    setProblem(null);
    api
      .verifyToken(candidate)
      .then((identity) => authStore().signIn(candidate, identity))
      .catch((error: unknown) => {
        setProblem(error instanceof ApiRequestError && error.status === 401 ? 'rejected' : 'unreachable');
        setChecking(false);
      });
  };

  return (
    <main className="sign-in">
      <form className="sign-in-card" onSubmit={submit}>
        <div className="sign-in-head">
          <h1>{t.signInTitle}</h1>
          <LanguageToggle />
        </div>
        <OidcSignInButton />
        <p>{t.signInIntro}</p>
        {problem !== null && (
          <p className="sign-in-problem" role="alert">
            <span aria-hidden="true">▲ </span>
            {problem === 'rejected' ? t.signInRejected : t.signInUnreachable}
          </p>
        )}
        <label className="sign-in-field">
          <span>{t.signInTokenLabel}</span>
          <input
            type="password"
            autoComplete="off"
            spellCheck={false}
            autoFocus
            value={token}
            onChange={(event) => setToken(event.target.value)}
            placeholder="kdl_…"
          />
        </label>
        <button type="submit" disabled={checking || token.trim() === ''}>
          {checking ? t.signInChecking : t.signInSubmit}
        </button>
        <p className="sign-in-hint">{t.signInKioskHint}</p>
      </form>
    </main>
  );
}
