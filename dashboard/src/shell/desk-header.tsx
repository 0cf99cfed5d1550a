import { useI18n } from '../i18n/i18n-context';
import { signOutOfPage, useAuth } from '../telemetry/use-auth';
import type { LinkState } from '../telemetry/telemetry-source';
import { AboutButton } from './about-dialog';
import { Brand } from './brand';
import { IdentityBadge } from './identity-badge';
import { LanguageToggle } from './language-toggle';
import { LinkIndicator } from './link-indicator';
import { PageNav, type DeskPage } from './page-nav';

/** The header of the desk pages (/devices, /ops): page links, live-feed state, who is signed in. */
export function DeskHeader({ page, link, className = '' }: { readonly page: DeskPage; readonly link: LinkState; readonly className?: string }) {
  const { t } = useI18n();
  const { token } = useAuth();
  return (
    <header className={`devices-header ${className}`.trim()}>
      <Brand subtitle={{ ops: t.navOps, compare: t.navCompare, kinds: t.navKinds, devices: t.navDevices, audit: t.navAudit, displays: t.navDisplays }[page]} />
      <PageNav current={page} />
      <LinkIndicator link={link} />
      <IdentityBadge />
      <button type="button" className="quiet-button sign-out" onClick={() => void signOutOfPage()}>
        {token === null ? t.signOutPerson : t.signOut}
      </button>
      <AboutButton />
      <LanguageToggle />
    </header>
  );
}
