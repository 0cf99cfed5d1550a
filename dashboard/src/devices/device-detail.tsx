import { useI18n } from '../i18n/i18n-context';
import type { DeviceCredential } from '@kendali/contracts';
import { CredentialPanel } from './credential-panel';
import { DeviceActions } from './device-actions';
import { DeviceFacts } from './device-facts';
import type { DeviceRow } from './device-rows';
import { LatestReading } from './latest-reading';
import type { BrokerAddress } from './use-platform-info';

interface DeviceDetailProps {
  readonly row: DeviceRow;
  readonly now: number;
  readonly canEdit: boolean;
  /** A secret just handed out for this device, shown until the engineer says it is saved. */
  readonly credential: DeviceCredential | null;
  readonly broker: BrokerAddress;
  readonly onCredential: (credential: DeviceCredential | null) => void;
  readonly onChanged: () => void;
  readonly onDeleted: (id: string) => void;
}

export function DeviceDetail({ row, now, canEdit, credential, broker, onCredential, onChanged, onDeleted }: DeviceDetailProps) {
  const { t } = useI18n();
  const { device } = row;
  return (
    <article className="device-detail panel-card" aria-labelledby="device-detail-title">
      <header className="detail-head">
        <h2 id="device-detail-title">{device.name}</h2>
        <code className="detail-id">{device.id}</code>
      </header>
      {!device.enabled && (
        <p className="detail-warning">
          <span aria-hidden="true">⊘ </span>
          {t.disabledNote}
        </p>
      )}
      {credential && <CredentialPanel credential={credential} kind={device.kind} broker={broker} onDone={() => onCredential(null)} />}
      {canEdit && <DeviceActions device={device} onChanged={onChanged} onCredential={onCredential} onDeleted={onDeleted} />}
      <div className="detail-columns">
        <DeviceFacts row={row} now={now} />
        <LatestReading kind={device.kind} reading={row.latest} now={now} />
      </div>
    </article>
  );
}
