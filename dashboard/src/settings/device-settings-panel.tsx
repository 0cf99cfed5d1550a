import type { DeviceSettings, DeviceStatus } from '@kendali/contracts';
import { useCallback, useEffect, useState } from 'react';
import { useI18n } from '../i18n/i18n-context';
import { fill } from '../i18n/messages-devices';
import { useKinds } from '../kinds/kinds-context';
import { ServerProblem } from '../shell/server-problem';
import { formatSettingValue } from './setting-schema';
import { SettingsBadge } from './settings-badge';
import { SettingsForm } from './settings-form';
import { settingsApi } from './settings-api';
import './settings.css';

const refreshMs = 5_000; // follows the device's reports while the page is open

interface DeviceSettingsPanelProps {
  readonly device: DeviceStatus;
  /** Engineers and above may change the desired settings; everyone sees them. */
  readonly canEdit: boolean;
}

/** A device's settings: desired against reported, per setting, its state and since when; engineers edit the desired ones. */
export function DeviceSettingsPanel({ device, canEdit }: DeviceSettingsPanelProps) {
  const { t, lang, format } = useI18n();
  const { kinds } = useKinds();
  const kindSettings = kinds.spec(device.kind)?.settings ?? {};
  const [settings, setSettings] = useState<DeviceSettings | null>(null);
  const [loadProblem, setLoadProblem] = useState<unknown>(null);
  const [saveProblem, setSaveProblem] = useState<unknown>(null);
  const [editing, setEditing] = useState(false);
  const [busy, setBusy] = useState(false);
  const [notice, setNotice] = useState<string | null>(null);

  const load = useCallback(() => {
    settingsApi.get(device.id).then(
      (answer) => {
        setSettings(answer);
        setLoadProblem(null);
      },
      (error: unknown) => setLoadProblem(error),
    );
  }, [device.id]);
  useEffect(() => {
    load();
    const timer = setInterval(load, refreshMs);
    return () => clearInterval(timer);
  }, [load]);

  const save = (desired: Record<string, unknown>) => {
    setBusy(true);
    setSaveProblem(null);
    setNotice(null);
    settingsApi
      .put(device.id, desired)
      .then((answer) => {
        setSettings(answer);
        setEditing(false);
        setNotice(fill(t.settingsSaved, { version: answer.desiredVersion }));
      })
      .catch((error: unknown) => setSaveProblem(error))
      .finally(() => setBusy(false));
  };

  const desired = settings?.desired ?? {};
  const reported = settings?.reported ?? null;
  const names = [...new Set([...Object.keys(kindSettings), ...Object.keys(desired), ...Object.keys(reported ?? {})])];
  const mismatched = new Set(settings?.mismatched ?? []);
  const labelOf = (name: string) => kindSettings[name]?.labels?.[lang] ?? name;

  return (
    <section className="settings-panel panel-card" aria-labelledby="settings-title" data-state={settings?.state}>
      <h2 id="settings-title">
        {t.settingsTitle} <span className="section-note">{t.settingsNote}</span>
      </h2>
      {settings === null ? (
        loadProblem !== null ? (
          <>
            <p className="muted">{t.settingsLoadFailed}</p>
            <ServerProblem error={loadProblem} />
          </>
        ) : (
          <p className="muted">{t.loading}</p>
        )
      ) : (
        <>
          <p className="settings-summary">
            <SettingsBadge settings={settings} />
          </p>
          <p className="muted settings-provenance">
            {settings.desiredAt !== null && fill(t.settingsDesiredBy, { version: settings.desiredVersion, time: format.dateTime(settings.desiredAt), by: settings.desiredBy ?? '—' })}
            {settings.desiredAt !== null && ' · '}
            {settings.reportedAt === null ? t.settingsNeverReported : fill(t.settingsReportedAt, { time: format.dateTime(settings.reportedAt) })}
          </p>
          <table className="settings-table">
            <thead>
              <tr>
                <th scope="col">{t.settingsColumnSetting}</th>
                <th scope="col">{t.settingsColumnDesired}</th>
                <th scope="col">{t.settingsColumnReported}</th>
              </tr>
            </thead>
            <tbody>
              {names.map((name) => {
                const differs = mismatched.has(name);
                return (
                  <tr key={name} data-setting={name} className={differs ? 'setting-differs' : undefined}>
                    <th scope="row">
                      {labelOf(name)} <code>{name}</code>
                    </th>
                    <td>{Object.hasOwn(desired, name) ? <SettingValue value={desired[name]} /> : <span className="muted">{t.settingsNotDesired}</span>}</td>
                    <td>
                      {reported !== null && Object.hasOwn(reported, name) ? <SettingValue value={reported[name]} /> : '—'}
                      {differs && (
                        <span className="setting-differs-mark">
                          {' '}
                          <span aria-hidden="true">≠</span> {t.settingsDiffers}
                        </span>
                      )}
                    </td>
                  </tr>
                );
              })}
            </tbody>
          </table>
          {canEdit ? (
            editing ? (
              <SettingsForm settings={kindSettings} desired={desired} reported={reported} busy={busy} onSave={save} onCancel={() => setEditing(false)} />
            ) : (
              <div className="form-buttons">
                <button type="button" onClick={() => setEditing(true)}>
                  {t.settingsEdit}
                </button>
              </div>
            )
          ) : (
            <p className="muted">{t.settingsEngineerOnly}</p>
          )}
        </>
      )}
      {notice && <p role="status">{notice}</p>}
      <ServerProblem error={saveProblem} detailOpen />
    </section>
  );
}

/** A value in the table: an array one entry a line, anything else on one line. */
function SettingValue({ value }: { readonly value: unknown }) {
  if (!Array.isArray(value) || value.length === 0) return <>{formatSettingValue(value)}</>;
  return (
    <span className="setting-entries">
      {value.map((entry, index) => (
        <span key={index}>{formatSettingValue(entry)}</span>
      ))}
    </span>
  );
}
