import { useI18n } from '../i18n/i18n-context';
import type { MessageKey } from '../i18n/messages';
import type { LinkState } from '../telemetry/telemetry-source';

/** Shape as well as colour tells the states apart (DOMAIN.md: colour-blind operators). */
export const linkLooks: Readonly<Record<LinkState, { readonly symbol: string; readonly label: MessageKey }>> = {
  connecting: { symbol: '◌', label: 'linkConnecting' },
  live: { symbol: '●', label: 'linkLive' },
  reconnecting: { symbol: '▲', label: 'linkReconnecting' },
};

export function LinkIndicator({ link }: { readonly link: LinkState }) {
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
