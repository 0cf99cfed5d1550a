import { useI18n } from '../i18n/i18n-context';
import { useAuth } from '../telemetry/use-auth';

/** The person's display name and role (or the token's), discreet: who this screen is signed in as. Empty until known. */
export function IdentityBadge() {
  const { t } = useI18n();
  const { identity, token } = useAuth();
  return (
    <span className="identity" title={token === null ? t.identityPersonTitle : t.identityTitle}>
      {identity !== null && (
        <>
          <span className="identity-name">{identity.name}</span>
          <span className="identity-role">{identity.role}</span>
        </>
      )}
    </span>
  );
}
