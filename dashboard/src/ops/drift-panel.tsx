import type { DeviceSummary } from '../telemetry/live-state';
import { useI18n } from '../i18n/i18n-context';
import { fill } from '../i18n/messages-devices';
import { useKinds } from '../kinds/kinds-context';
import { devicesPath } from '../routes';
import { settingsApi } from '../settings/settings-api';
import { settingsLooks } from '../settings/settings-look';
import { useResource } from './use-resource';

const driftRefreshMs = 30_000; // drift is measured in minutes; half a minute keeps the list honest
const shownDevices = 8;

/** Devices whose reported settings have differed from the desired ones past the bound, each a link to its page. */
export function DriftPanel({ devices }: { readonly devices: ReadonlyMap<string, DeviceSummary> }) {
  const { t, lang, format } = useI18n();
  const { kinds } = useKinds();
  const drift = useResource('settings-drift', () => settingsApi.list('drift'), driftRefreshMs);
  const list = [...(drift.data ?? [])].sort((a, b) => (a.differentSince ?? 0) - (b.differentSince ?? 0));
  return (
    <section className="ops-panel drift" aria-label={t.driftTitle}>
      <h2 className="ops-title">{t.driftTitle}</h2>
      {drift.data !== null && list.length === 0 && <p className="muted">{t.driftNone}</p>}
      <ul className="checks">
        {list.slice(0, shownDevices).map((settings) => {
          const names = settings.mismatched.map((name) => kinds.spec(settings.kind)?.settings[name]?.labels?.[lang] ?? name).join(', ');
          return (
            <li key={settings.deviceId} className="check is-bad" data-device={settings.deviceId}>
              <span className="check-symbol" aria-hidden="true">
                {settingsLooks.drift.symbol}
              </span>
              <a href={`${devicesPath}?id=${encodeURIComponent(settings.deviceId)}`}>{devices.get(settings.deviceId)?.name ?? settings.deviceId}</a>{' '}
              <span className="muted">— {fill(t.driftSettings, { names, time: settings.differentSince === null ? '—' : format.dateTime(settings.differentSince) })}</span>
            </li>
          );
        })}
        {list.length > shownDevices && <li className="muted">+{list.length - shownDevices}</li>}
      </ul>
    </section>
  );
}
