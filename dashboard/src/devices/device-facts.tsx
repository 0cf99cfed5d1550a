import { useI18n } from '../i18n/i18n-context';
import { useKinds } from '../kinds/kinds-context';
import { kindLabel } from '../kinds/kind-text';
import { compactAge } from '../i18n/compact-age';
import type { DeviceRow } from './device-rows';
import { DeviceStateBadge } from './device-state-badge';

/** What the registry knows about a device, and its state now. */
export function DeviceFacts({ row, now }: { readonly row: DeviceRow; readonly now: number }) {
  const { t, lang, format } = useI18n();
  const { kinds } = useKinds();
  const { device, state, lastSeen } = row;
  const when = (iso: string | null) => (iso === null ? null : `${format.date(Date.parse(iso))} ${format.clock(Date.parse(iso))}`);
  const metadata = Object.entries(device.metadata);
  return (
    <dl className="facts">
      <dt>{t.factState}</dt>
      <dd>
        <DeviceStateBadge state={state} enabled={device.enabled} />
      </dd>
      <dt>{t.factLastSeen}</dt>
      <dd>{lastSeen === null ? t.never : `${compactAge(now - lastSeen, lang)} · ${format.clock(lastSeen)} ${format.zone}`}</dd>
      <dt>{t.factKind}</dt>
      <dd>
        {kindLabel(kinds.spec(device.kind), device.kind, lang)} <code>{device.kind}</code>
      </dd>
      <dt>{t.factDistrict}</dt>
      <dd>{device.district}</dd>
      <dt>{t.factLocation}</dt>
      <dd>{device.lat === null || device.lon === null ? '—' : `${format.number(device.lat, 5)}, ${format.number(device.lon, 5)}`}</dd>
      <dt>{t.factInstallDate}</dt>
      <dd>{device.installDate ?? '—'}</dd>
      <dt>{t.factRegistered}</dt>
      <dd>{when(device.createdAt)}</dd>
      <dt>{t.factCredential}</dt>
      <dd className={device.credentialSetAt === null ? 'fact-warning' : undefined}>{when(device.credentialSetAt) ?? t.factNoCredential}</dd>
      {metadata.length > 0 && (
        <>
          <dt>{t.factMetadata}</dt>
          <dd>
            {metadata.map(([key, value]) => (
              <span key={key} className="metadata-item">
                <code>{key}</code>={String(value)}
              </span>
            ))}
          </dd>
        </>
      )}
    </dl>
  );
}
