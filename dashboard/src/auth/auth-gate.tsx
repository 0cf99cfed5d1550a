import type { ReactNode } from 'react';
import { useI18n } from '../i18n/i18n-context';
import { useAuth, useIdentityLookup, useSessionLookup } from '../telemetry/use-auth';
import { SignInPanel } from './sign-in-panel';
import './sign-in.css';

/**
 * Pages need a token or a person's session: while a reloaded page asks whether its session cookie
 * still holds, it says so; without either, or when the server refused it, the sign-in panel takes the screen.
 */
export function AuthGate({ children }: { readonly children: ReactNode }) {
  const { t } = useI18n();
  const auth = useAuth();
  useSessionLookup(auth);
  useIdentityLookup(auth);
  if (auth.status === 'checking') {
    return (
      <main className="sign-in" aria-busy="true">
        <p className="sign-in-hint">{t.signInLookingForSession}</p>
      </main>
    );
  }
  if (auth.status !== 'present') return <SignInPanel key={auth.status} reason={auth.status === 'rejected' ? 'token-rejected' : auth.status === 'ended' ? 'session-ended' : 'none'} />;
  return <>{children}</>;
}
