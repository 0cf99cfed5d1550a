import { useState } from 'react';
import { useI18n } from '../i18n/i18n-context';
import { LanguageToggle } from '../shell/language-toggle';
import { PasswordForm } from './password-form';
import { TokenForm } from './token-form';
import { OidcSignInButton } from './oidc-sign-in-button';
import './sign-in.css';

/** Why the panel is shown: nobody signed in yet, a token the server refused, or a person's session that ended. */
export type SignInReason = 'none' | 'token-rejected' | 'session-ended';

/**
 * Full screen, readable from a distance: a person signs in with a username and password (the
 * main way in); a token can still be pasted instead (a desk without an account, a test set-up).
 */
export function SignInPanel({ reason }: { readonly reason: SignInReason }) {
  const { t } = useI18n();
  const [withToken, setWithToken] = useState(reason === 'token-rejected');
  return (
    <main className="sign-in">
      <div className="sign-in-card">
        <div className="sign-in-head">
          <h1>{t.signInTitle}</h1>
          <LanguageToggle />
        </div>
        <OidcSignInButton />
        {withToken ? <TokenForm rejected={reason === 'token-rejected'} /> : <PasswordForm ended={reason === 'session-ended'} />}
        <button type="button" className="sign-in-switch" onClick={() => setWithToken(!withToken)}>
          {withToken ? t.signInUsePassword : t.signInUseToken}
        </button>
      </div>
    </main>
  );
}
