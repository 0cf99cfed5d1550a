import type { DeviceCredential, DeviceStatus } from '@kendali/contracts';
import { useState } from 'react';
import { useI18n } from '../i18n/i18n-context';
import { fill } from '../i18n/messages-devices';
import { api } from '../telemetry/api-client';
import { ServerProblem } from '../shell/server-problem';

interface DeviceActionsProps {
  readonly device: DeviceStatus;
  readonly onChanged: () => void;
  readonly onCredential: (credential: DeviceCredential) => void;
  readonly onDeleted: (id: string) => void;
}

/** Disable/enable, rotate the credential, delete (after a second, explicit confirmation). */
export function DeviceActions({ device, onChanged, onCredential, onDeleted }: DeviceActionsProps) {
  const { t } = useI18n();
  const [busy, setBusy] = useState(false);
  const [problem, setProblem] = useState<unknown>(null);
  const [confirmingDelete, setConfirmingDelete] = useState(false);

  const run = (action: () => Promise<void>) => {
    setBusy(true);
    setProblem(null);
    action()
      .catch((error: unknown) => setProblem(error))
      .finally(() => setBusy(false));
  };

  const toggleEnabled = async () => {
    await api.update(device.id, { enabled: !device.enabled });
    onChanged();
  };
  const rotate = async () => onCredential(await api.rotateCredential(device.id));
  const remove = async () => {
    await api.remove(device.id);
    onDeleted(device.id);
  };

  return (
    <section className="device-actions">
      <div className="form-buttons">
        <button type="button" disabled={busy} onClick={() => run(toggleEnabled)}>
          {device.enabled ? t.actionDisable : t.actionEnable}
        </button>
        <button type="button" disabled={busy} title={t.rotateNote} onClick={() => run(rotate)}>
          {t.actionRotate}
        </button>
        <button type="button" className="danger-button" disabled={busy || confirmingDelete} onClick={() => setConfirmingDelete(true)}>
          {t.actionDelete}
        </button>
      </div>
      {confirmingDelete && (
        <div className="confirm" role="alertdialog" aria-label={t.actionDelete}>
          <p>{fill(t.deleteConfirm, { id: device.id })}</p>
          <div className="form-buttons">
            <button
              type="button"
              className="danger-button"
              disabled={busy}
              onClick={() => run(remove)}
            >
              {t.deleteYes}
            </button>
            <button type="button" className="quiet-button" onClick={() => setConfirmingDelete(false)}>
              {t.cancel}
            </button>
          </div>
        </div>
      )}
      <ServerProblem error={problem} />
    </section>
  );
}
