import { useI18n } from '../i18n/i18n-context';
import { useAuth } from '../telemetry/use-auth';

/** The token's name and role, discreet: who this screen is signed in as. Empty until known. */
export function IdentityBadge() {
  const { t } = useI18n();
  const { identity } = useAuth();
  return (
    <span className="identity" title={t.identityTitle}>
      {identity !== null && (
        <>
          <span className="identity-name">{identity.name}</span>
          <span className="identity-role">{identity.role}</span>
        </>
      )}
    </span>
  );
}
