import { useI18n } from '../i18n/i18n-context';
import { Brand } from '../shell/brand';
import { IdentityBadge } from '../shell/identity-badge';
import { LanguageToggle } from '../shell/language-toggle';
import { LinkIndicator } from '../shell/link-indicator';
import { PageNav } from '../shell/page-nav';
import { authStore } from '../telemetry/auth-store';
import type { LinkState } from '../telemetry/telemetry-source';

export function DevicesHeader({ link }: { readonly link: LinkState }) {
  const { t } = useI18n();
  return (
    <header className="devices-header">
      <Brand subtitle={t.navDevices} />
      <PageNav current="devices" />
      <LinkIndicator link={link} />
      <IdentityBadge />
      <button type="button" className="quiet-button" onClick={() => authStore().signOut()}>
        {t.signOut}
      </button>
      <LanguageToggle />
    </header>
  );
}
