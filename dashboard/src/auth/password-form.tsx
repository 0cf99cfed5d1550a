import type { FormEvent } from 'react';
import { useState } from 'react';
import { useI18n } from '../i18n/i18n-context';
import { locales } from '../i18n/messages';
import { fill } from '../i18n/messages-devices';
import { ApiRequestError, api } from '../telemetry/api-client';
import { authStore } from '../telemetry/auth-store';
import { waitInWords } from './wait-in-words';

type Problem = { readonly kind: 'ended' | 'wrong' | 'unreachable' } | { readonly kind: 'locked'; readonly waitS: number } | null;

function problemOf(error: unknown): Problem {
  if (!(error instanceof ApiRequestError)) return { kind: 'unreachable' };
  if (error.status === 429) return { kind: 'locked', waitS: error.retryAfterS ?? 0 };
  if (error.status === 401 || error.status === 400) return { kind: 'wrong' };
  return { kind: 'unreachable' };
}

/** A person's username and password (`POST /api/auth/login`): the server keeps the session in an HttpOnly cookie. */
export function PasswordForm({ ended }: { readonly ended: boolean }) {
  const { t, lang } = useI18n();
  const [username, setUsername] = useState('');
  const [password, setPassword] = useState('');
  const [checking, setChecking] = useState(false);
  const [problem, setProblem] = useState<Problem>(ended ? { kind: 'ended' } : null);

  const submit = (event: FormEvent) => {
    event.preventDefault();
    if (username.trim() === '' || password === '') return;
    setChecking(true);
    setProblem(null);
    api
      .signIn(username.trim().toLowerCase(), password)
      .then((signedIn) => authStore().signInAsPerson(signedIn))
      .catch((error: unknown) => {
        setProblem(problemOf(error));
        setPassword('');
        setChecking(false);
      });
  };

  const problemText =
    problem === null ? null : problem.kind === 'locked' ? fill(t.signInLocked, { wait: waitInWords(problem.waitS, locales[lang]) }) : { ended: t.signInEnded, wrong: t.signInWrong, unreachable: t.signInUnreachable }[problem.kind];

  return (
    <form className="sign-in-form" onSubmit={submit}>
      <p>{t.signInPasswordIntro}</p>
      {problemText !== null && (
        <p className="sign-in-problem" role="alert" data-problem={problem?.kind}>
          <span aria-hidden="true">▲ </span>
          {problemText}
        </p>
      )}
      <label className="sign-in-field">
        <span>{t.signInUsernameLabel}</span>
        <input
          name="username"
          type="text"
          autoComplete="username"
          autoCapitalize="none"
          spellCheck={false}
          autoFocus
          value={username}
          onChange={(event) => setUsername(event.target.value)}
        />
      </label>
      <label className="sign-in-field">
        <span>{t.signInPasswordLabel}</span>
        <input name="password" type="password" autoComplete="current-password" value={password} onChange={(event) => setPassword(event.target.value)} />
      </label>
      <button type="submit" disabled={checking || username.trim() === '' || password === ''}>
        {checking ? t.signInChecking : t.signInSubmit}
      </button>
    </form>
  );
}
