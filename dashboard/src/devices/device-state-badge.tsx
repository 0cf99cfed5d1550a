import type { ConnectionState } from '@kendali/contracts';
import { useI18n } from '../i18n/i18n-context';
import type { MessageKey } from '../i18n/messages';

/** Shape and word as well as colour (DOMAIN.md: colour-blind operators). */
const looks: Record<ConnectionState, { readonly symbol: string; readonly label: MessageKey }> = {
  online: { symbol: '●', label: 'stateOnline' },
  offline: { symbol: '▼', label: 'stateOffline' },
  unknown: { symbol: '◌', label: 'stateUnknown' },
};

export function DeviceStateBadge({ state, enabled }: { readonly state: ConnectionState; readonly enabled: boolean }) {
  const { t } = useI18n();
  const look = looks[state];
  return (
    <span className="state-cell">
      <span className={`state state-${state}`}>
        <span aria-hidden="true">{look.symbol}</span> {t[look.label]}
      </span>
      {!enabled && (
        <span className="state state-disabled">
          <span aria-hidden="true">⊘</span> {t.deviceDisabled}
        </span>
      )}
    </span>
  );
}
