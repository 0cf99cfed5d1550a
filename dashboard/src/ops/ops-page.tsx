import type { Alarm } from '@kendali/contracts';
import { ageMs } from '@kendali/contracts';
import { useCallback, useState } from 'react';
import { useI18n } from '../i18n/i18n-context';
import { DeskHeader } from '../shell/desk-header';
import { ConnectionBanner, StorageBanner } from '../shell/status-banners';
import { api } from '../telemetry/api-client';
import { byUrgency } from '../telemetry/live-alarms';
import { storageHealthOf } from '../telemetry/storage-health';
import { useTelemetry } from '../telemetry/use-telemetry';
import { useNow } from '../use-now';
import type { AlarmFilter } from './alarm-list';
import { AlarmList } from './alarm-list';
import { AlarmDetail } from './alarm-detail';
import type { DrillTarget } from './drill-down';
import { DrillDown } from './drill-down';
import { HandoverPanel } from './handover-panel';
import { DriftPanel } from './drift-panel';
import { HealthPanel } from './health-panel';
import { OpsMap } from './ops-map';
import './ops.css';
import { freshest, useOnAlarmChange } from './use-alarm-feed';
import { useResource } from './use-resource';

const listRefreshMs = 30_000; // besides every live change: shelving ends by the clock

/** The operator console: alarms to take, the city's map, districts and devices to look into, the feed's health, the handover. */
export function OpsPage() {
  const { t } = useI18n();
  const { link, live } = useTelemetry();
  const now = useNow() + live.clockOffsetMs;
  const [filter, setFilter] = useState<AlarmFilter>({ state: 'open', severity: '', district: '' });
  const [selected, setSelected] = useState<string | null>(null);
  const [target, setTarget] = useState<DrillTarget>({ district: null, deviceId: null });
  const key = `${filter.state}|${filter.severity}|${filter.district}`;
  const list = useResource(key, () => api.alarms({ state: filter.state, severity: filter.severity || undefined, district: filter.district, limit: 200 }), listRefreshMs);
  useOnAlarmChange(live.alarms, list.reload);
  const alarms = (list.data ?? []).map((alarm) => freshest(alarm, live.alarms)).sort(byUrgency);
  const storage = storageHealthOf(live.stats);

  const onChanged = (_alarm: Alarm) => list.reload();
  // A district picked on the map filters the alarm list and opens in the drill-down; picked again
  // (or "all districts"), the filter goes, and so does a drill-down that showed only that district.
  const onMapDistrict = (district: string | null) => {
    setFilter({ ...filter, district: district ?? '' });
    if (district !== null) setTarget({ district, deviceId: null });
    else if (target.deviceId === null) setTarget({ district: null, deviceId: null });
  };
  const onMapDevice = useCallback((device: { readonly id: string; readonly district: string }) => setTarget({ district: device.district, deviceId: device.id }), []);
  return (
    <div className="ops-page">
      <DeskHeader page="ops" link={link} className="ops-header" />
      <div className="ops-banners">
        <ConnectionBanner link={link} lastFrameAge={live.lastFrameAt === null ? null : ageMs(live.lastFrameAt, now)} />
        <StorageBanner storage={storage} />
      </div>
      <AlarmList alarms={alarms} filter={filter} onFilter={setFilter} selected={selected} onSelect={setSelected} loading={list.loading} error={list.error} now={now} />
      <div className="ops-middle">
        {selected !== null ? (
          <AlarmDetail id={selected} open={live.alarms} now={now} onChanged={onChanged} onDrill={setTarget} />
        ) : (
          <section className="ops-panel alarm-detail">
            <p className="muted">{t.opsSelectAlarm}</p>
          </section>
        )}
        <DrillDown live={live} now={now} target={target} onTarget={setTarget} />
      </div>
      <div className="ops-side">
        <OpsMap live={live} now={now} district={filter.district || null} onDistrict={onMapDistrict} onDevice={onMapDevice} />
        <HealthPanel link={link} storage={storage} />
        <DriftPanel devices={live.devices} />
        <HandoverPanel open={live.alarms} />
      </div>
    </div>
  );
}
