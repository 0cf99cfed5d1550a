import type { DeviceSettings } from '@kendali/contracts';
import { useI18n } from '../i18n/i18n-context';
import { fill } from '../i18n/messages-devices';
import { settingsLooks, settingsStateSince } from './settings-look';

/** A device's settings state in words and shape, and since when. */
export function SettingsBadge({ settings }: { readonly settings: DeviceSettings }) {
  const { t, format } = useI18n();
  const look = settingsLooks[settings.state];
  const since = settingsStateSince(settings);
  return (
    <span className={`settings-state settings-${settings.state}`} data-state={settings.state}>
      <span aria-hidden="true">{look.symbol}</span> {t[look.label]}
      {since !== null && <span className="settings-since"> · {fill(t.settingsSince, { time: format.dateTime(since) })}</span>}
    </span>
  );
}
