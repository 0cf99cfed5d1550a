import { useI18n } from '../i18n/i18n-context';
import { devicesPath, wallPath } from '../routes';
import { Brand } from '../shell/brand';
import { IdentityBadge } from '../shell/identity-badge';
import { LanguageToggle } from '../shell/language-toggle';
import { LinkIndicator } from '../shell/link-indicator';
import { authStore } from '../telemetry/auth-store';
import type { LinkState } from '../telemetry/telemetry-source';

export function DevicesHeader({ link }: { readonly link: LinkState }) {
  const { t } = useI18n();
  return (
    <header className="devices-header">
      <Brand subtitle={t.navDevices} />
      <nav className="devices-nav" aria-label={t.navLabel}>
        <a href={wallPath}>{t.navWall}</a>
        <a href={devicesPath} aria-current="page">
          {t.navDevices}
        </a>
      </nav>
      <LinkIndicator link={link} />
      <IdentityBadge />
      <button type="button" className="quiet-button" onClick={() => authStore().signOut()}>
        {t.signOut}
      </button>
      <LanguageToggle />
    </header>
  );
}
