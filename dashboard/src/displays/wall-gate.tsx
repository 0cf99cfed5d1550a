import { useState, type ReactNode } from 'react';
import { SignInPanel } from '../auth/sign-in-panel';
import { useI18n } from '../i18n/i18n-context';
import { LanguageToggle } from '../shell/language-toggle';
import { useAuth, useIdentityLookup, useSessionLookup } from '../telemetry/use-auth';
import { useWallPairing } from './use-wall-pairing';
import '../auth/sign-in.css';
import './wall-pairing.css';

/**
 * The wall needs a credential or a person's session: without either, or when the server refused it (a
 * display revoked or expired), the screen shows a pairing code instead of asking anyone to type a token.
 */
export function WallGate({ children }: { readonly children: ReactNode }) {
  const auth = useAuth();
  const [withToken, setWithToken] = useState(false);
  // A person signed in on this browser (an operator opening the wall at their desk) needs no pairing.
  useSessionLookup(auth);
  useIdentityLookup(auth);
  if (auth.status === 'present') return <>{children}</>;
  if (auth.status === 'checking') return <main className="sign-in wall-pairing" aria-busy="true" />;
  if (withToken) return <SignInPanel reason="none" />;
  return <WallPairing key={auth.status} signedOut={auth.status === 'rejected' || auth.status === 'ended'} onUseToken={() => setWithToken(true)} />;
}

function WallPairing({ signedOut, onUseToken }: { readonly signedOut: boolean; readonly onUseToken: () => void }) {
  const { t } = useI18n();
  const view = useWallPairing();
  return (
    <main className="sign-in wall-pairing" data-phase={view.phase}>
      <div className="sign-in-card wall-pairing-card">
        <div className="sign-in-head wall-pairing-head">
          <h1>{t.pairTitle}</h1>
          <LanguageToggle />
        </div>
        {signedOut && (
          <p className="wall-pairing-signed-out" role="alert" data-signed-out="true">
            <span aria-hidden="true">▲ </span>
            {t.pairSignedOut}
          </p>
        )}
        <p>{t.pairIntro}</p>
        {view.phase === 'waiting' ? (
          <>
            <p className="wall-pairing-code" aria-label={t.pairCodeLabel} data-code={view.pairing.code}>
              {view.pairing.code}
            </p>
            <p className="wall-pairing-hint">{t.pairCodeValid}</p>
            <p className="wall-pairing-status" role="status">
              {t.pairWaiting}
            </p>
          </>
        ) : (
          <p className="wall-pairing-status" role="status">
            {view.phase === 'asking' ? t.pairAsking : t.pairUnreachable}
          </p>
        )}
        <button type="button" className="wall-pairing-token" onClick={onUseToken}>
          {t.pairUseToken}
        </button>
      </div>
    </main>
  );
}
