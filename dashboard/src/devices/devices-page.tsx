import type { DeviceCredential, DeviceWithSecret } from '@kendali/contracts';
import { roleSatisfies } from '@kendali/contracts';
import { useMemo, useState } from 'react';
import { useI18n } from '../i18n/i18n-context';
import { fill } from '../i18n/messages-devices';
import { useAuth } from '../telemetry/use-auth';
import { useTelemetry } from '../telemetry/use-telemetry';
import { useNow } from '../use-now';
import { DeviceCommands } from './device-commands';
import { DeviceSettingsPanel } from '../settings/device-settings-panel';
import { DeviceDetail } from './device-detail';
import { DeviceMessagesPanel } from './device-messages-panel';
import { liveDeviceRow } from './device-rows';
import type { DeviceFilters } from './device-toolbar';
import { DeskHeader } from '../shell/desk-header';
import { DeviceListColumn } from './device-list-column';
import './devices.css';
import { ImportPanel } from './import-panel';
import { RegisterForm } from './register-form';
import { useDevice } from './use-device';
import { useDeviceList } from './use-device-list';
import { usePanel } from './use-panel';
import { usePlatformInfo } from './use-platform-info';

/** The engineers' page: a desk at 1920x1080 with pointer and keyboard; list | detail | live messages. */
export function DevicesPage() {
  const { t } = useI18n();
  const { link, live } = useTelemetry();
  const now = useNow() + live.clockOffsetMs; // server time
  const { identity } = useAuth();
  // Until whoami answers, offer the actions: the server decides, and says so if the role is too low.
  const canEdit = identity === null || roleSatisfies(identity.role, 'engineer');
  const broker = usePlatformInfo();
  const [filters, setFilters] = useState<DeviceFilters>({ q: '', kind: '', district: '' });
  const list = useDeviceList(filters);
  const [panel, setPanel] = usePanel();
  const [version, setVersion] = useState(0);
  const [credential, setCredential] = useState<DeviceCredential | null>(null);
  const [notice, setNotice] = useState<string | null>(null);
  const selectedId = panel.mode === 'device' ? panel.id : null;
  const loaded = useDevice(selectedId, version);

  const rows = useMemo(() => list.devices.map((device) => liveDeviceRow(device, live)), [list.devices, live]);
  const listed = list.devices.find((device) => device.id === selectedId);
  const selectedDevice = loaded.device ?? listed ?? null;
  const selectedRow = selectedDevice ? liveDeviceRow(selectedDevice, live) : null;

  const changed = () => {
    list.refresh();
    setVersion((v) => v + 1);
  };
  const select = (id: string) => {
    if (credential?.id !== id) setCredential(null);
    setNotice(null);
    setPanel({ mode: 'device', id });
  };
  const registered = (device: DeviceWithSecret) => {
    list.refresh();
    setCredential({ id: device.id, secret: device.secret });
    setNotice(null);
    setPanel({ mode: 'device', id: device.id });
  };
  const deleted = (id: string) => {
    list.refresh();
    setCredential(null);
    setNotice(fill(t.deleted, { id }));
    setPanel({ mode: 'none' });
  };

  return (
    <div className={`devices-page panel-${panel.mode}`}>
      <DeskHeader page="devices" link={link} />
      {!canEdit && identity && (
        <p className="role-notice" role="status">
          <span aria-hidden="true">ⓘ </span>
          {fill(t.roleTooLow, { role: identity.role })}
        </p>
      )}
      <DeviceListColumn
        rows={rows}
        list={list}
        filters={filters}
        onFilters={setFilters}
        selectedId={selectedId}
        now={now}
        canEdit={canEdit}
        onSelect={select}
        onRegister={() => setPanel({ mode: 'register' })}
        onImport={() => setPanel({ mode: 'import' })}
      />
      {panel.mode === 'import' ? (
        <div className="work-column work-wide">
          <ImportPanel onImported={list.refresh} onClose={() => setPanel({ mode: 'none' })} />
        </div>
      ) : (
        <>
          <div className="work-column work-detail">
            {panel.mode === 'register' && <RegisterForm onRegistered={registered} onCancel={() => setPanel({ mode: 'none' })} />}
            {panel.mode === 'none' && <p className="panel-card prompt">{notice ?? t.selectPrompt}</p>}
            {panel.mode === 'device' && selectedRow && (
              <DeviceDetail
                row={selectedRow}
                now={now}
                canEdit={canEdit}
                credential={credential?.id === selectedRow.device.id ? credential : null}
                broker={broker}
                onCredential={setCredential}
                onChanged={changed}
                onDeleted={deleted}
              />
            )}
            {panel.mode === 'device' && selectedRow && <DeviceCommands key={selectedRow.device.id} device={selectedRow.device} canSend={identity === null || roleSatisfies(identity.role, 'operator')} />}
            {panel.mode === 'device' && selectedRow && <DeviceSettingsPanel key={`settings-${selectedRow.device.id}`} device={selectedRow.device} canEdit={identity === null || roleSatisfies(identity.role, 'engineer')} />}
            {panel.mode === 'device' && !selectedRow && (
              <p className="panel-card prompt">{loaded.error ? `${t.detailFailed} ${loaded.error}` : t.loading}</p>
            )}
          </div>
          <div className="work-column work-messages">
            {selectedId !== null && canEdit && <DeviceMessagesPanel key={selectedId} deviceId={selectedId} />}
          </div>
        </>
      )}
    </div>
  );
}
