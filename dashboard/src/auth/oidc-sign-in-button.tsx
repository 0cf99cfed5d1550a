import { useEffect, useState } from 'react';
import type { AuthProviders } from '@kendali/contracts';
import { useI18n } from '../i18n/i18n-context';
import { fill } from '../i18n/messages-devices';
import { fetchAuthProviders } from '../telemetry/auth-providers';
import { refusalLabel, signInErrorParam, ssoStartHref } from './sso-sign-in';

/** Why the last single sign-on was refused, read once from the URL the server sent the browser back to, then taken out of it. */
function takeRefusal(): string | null {
  const url = new URL(window.location.href);
  const code = url.searchParams.get(signInErrorParam);
  if (code === null) return null;
  url.searchParams.delete(signInErrorParam);
  window.history.replaceState(window.history.state, '', `${url.pathname}${url.search}${url.hash}`);
  return code;
}

/** "Masuk dengan <provider>" when the server offers single sign-on, with why the last one was refused. */
export function OidcSignInButton() {
  const { t } = useI18n();
  const [oidc, setOidc] = useState<AuthProviders['oidc']>(null);
  const [refusal] = useState(takeRefusal);

  useEffect(() => {
    let current = true;
    fetchAuthProviders()
      .then((providers) => current && setOidc(providers.oidc))
      .catch(() => undefined); // an older server, or none reachable: the page offers what it can
    return () => {
      current = false;
    };
  }, []);

  return (
    <>
      {refusal !== null && (
        <p className="sign-in-problem" role="alert">
          <span aria-hidden="true">▲ </span>
          {fill(t[refusalLabel(refusal)], { code: refusal })}
        </p>
      )}
      {oidc !== null && (
        <div className="sign-in-sso">
          <a className="sign-in-sso-button" href={ssoStartHref(oidc.startUrl, window.location)}>
            {fill(t.ssoSignIn, { name: oidc.name })}
          </a>
          <span className="sign-in-sso-or">{t.ssoOr}</span>
        </div>
      )}
    </>
  );
}
