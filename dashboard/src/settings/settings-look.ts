import type { DeviceSettings, SettingsState } from '@kendali/contracts';
import type { MessageKey } from '../i18n/messages';

/** Shape and word as well as colour tell the states apart (colour-blind operators). */
export const settingsLooks: Readonly<Record<SettingsState, { readonly symbol: string; readonly label: MessageKey }>> = {
  none: { symbol: '○', label: 'settingsStateNone' },
  pending: { symbol: '◐', label: 'settingsStatePending' },
  'in-sync': { symbol: '●', label: 'settingsStateInSync' },
  drift: { symbol: '▲', label: 'settingsStateDrift' },
};

/** Since when a device has been in its state: set (pending), different (drift), reported as desired (in sync). */
export function settingsStateSince(settings: DeviceSettings): number | null {
  switch (settings.state) {
    case 'none':
      return null;
    case 'pending':
      return settings.differentSince ?? settings.desiredAt;
    case 'drift':
      return settings.differentSince;
    case 'in-sync':
      return settings.reportedAt;
  }
}
