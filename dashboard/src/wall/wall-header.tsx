import { useI18n } from '../i18n/i18n-context';
import { languages } from '../i18n/messages';
import type { MessageKey } from '../i18n/messages';
import type { LinkState } from '../telemetry/telemetry-source';

/** Shape as well as colour tells the states apart (DOMAIN.md: colour-blind operators). */
const linkLooks: Record<LinkState, { readonly symbol: string; readonly label: MessageKey }> = {
  connecting: { symbol: '◌', label: 'linkConnecting' },
  live: { symbol: '●', label: 'linkLive' },
  reconnecting: { symbol: '▲', label: 'linkReconnecting' },
};

function LinkIndicator({ link }: { readonly link: LinkState }) {
  const { t } = useI18n();
  const look = linkLooks[link];
  return (
    <div className={`link link-${link}`} role="status">
      <span className="link-symbol" aria-hidden="true">
        {look.symbol}
      </span>
      <span className="link-label">{t[look.label]}</span>
    </div>
  );
}

export function WallHeader({ link, now }: { readonly link: LinkState; readonly now: number }) {
  const { t, lang, format, setLanguage } = useI18n();
  return (
    <header className="wall-header">
      <h1 className="brand">
        <svg className="brand-mark" viewBox="0 0 24 24" aria-hidden="true">
          <circle cx="12" cy="12" r="10" />
          <circle cx="12" cy="12" r="4.5" />
          <path d="M12 0v6M12 18v6M0 12h6M18 12h6" />
        </svg>
        <span className="brand-name">{t.brand}</span>
        <span className="brand-centre">{t.centreName}</span>
      </h1>
      <LinkIndicator link={link} />
      <div className="clock">
        <time className="clock-time" dateTime={new Date(now).toISOString()}>
          {format.clock(now)}
          <span className="clock-zone">{t.timeZone}</span>
        </time>
        <span className="clock-date">{format.date(now)}</span>
      </div>
      <div className="lang-toggle" role="group" aria-label={t.languageToggle}>
        {languages.map((code) => (
          <button key={code} type="button" aria-pressed={code === lang} onClick={() => setLanguage(code)}>
            {code.toUpperCase()}
          </button>
        ))}
      </div>
    </header>
  );
}
