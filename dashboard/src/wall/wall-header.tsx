import { useI18n } from '../i18n/i18n-context';
import { Brand } from '../shell/brand';
import { IdentityBadge } from '../shell/identity-badge';
import { LanguageToggle } from '../shell/language-toggle';
import { LinkIndicator } from '../shell/link-indicator';
import type { LinkState } from '../telemetry/telemetry-source';

export function WallHeader({ link, now }: { readonly link: LinkState; readonly now: number }) {
  const { t, format } = useI18n();
  return (
    <header className="wall-header">
      <Brand subtitle={t.centreName} />
      <IdentityBadge />
      <LinkIndicator link={link} />
      <div className="clock">
        <time className="clock-time" dateTime={new Date(now).toISOString()}>
          {format.clock(now)}
          <span className="clock-zone">{t.timeZone}</span>
        </time>
        <span className="clock-date">{format.date(now)}</span>
      </div>
      <LanguageToggle />
    </header>
  );
}
