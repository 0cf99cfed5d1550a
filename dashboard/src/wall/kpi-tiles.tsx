import type { ReactNode } from 'react';
import { alarmSeverities } from '@kendali/contracts';
import { useI18n } from '../i18n/i18n-context';
import { fill } from '../i18n/messages-devices';
import { IspuBadge, SiagaBadge } from '../status/status-badges';
import { severityLabel } from '../status/status-labels';
import { severityLook } from '../status/status-look';
import { StatusIcon } from '../status/status-shape';
import { KpiTile } from './kpi-tile';
import type { WallKpis } from './wall-kpis';
import { rateDigits, totalAlarms } from './wall-kpis';

export type KpiId = 'devices' | 'readings' | 'alarms' | 'ispu' | 'water' | 'wifi';
const allKpis: readonly KpiId[] = ['devices', 'readings', 'alarms', 'ispu', 'water', 'wifi'];

const none = '—';

/** Active alarms by severity: each count with its severity's shape and colour (the map legend names them). */
function SeverityCounts({ counts }: { readonly counts: NonNullable<WallKpis['alarms']> }) {
  const { t, format } = useI18n();
  return (
    <ul className="severity-counts">
      {alarmSeverities.map((severity) => (
        <li key={severity} data-severity={severity} className={counts[severity] > 0 ? 'has-alarms' : undefined}>
          <StatusIcon shape={severityLook(severity).shape} colour={severityLook(severity).colour} />
          <span className="visually-hidden">{severityLabel(severity, t)}</span>
          {format.number(counts[severity])}
        </li>
      ))}
    </ul>
  );
}

/** The wall's key figures, in a fixed order; `only` picks the ones a scene shows. */
export function KpiTiles({ kpis, only = allKpis }: { readonly kpis: WallKpis; readonly only?: readonly KpiId[] }) {
  const { t, format } = useI18n();
  const age = kpis.ageMs === null ? null : format.age(kpis.ageMs);
  const common = { stale: kpis.stale, age };
  const tiles: Record<KpiId, () => ReactNode> = {
    devices: () => (
      <KpiTile
        id="devices"
        label={t.kpiDevicesOnline}
        value={kpis.devicesOnline === null ? none : format.number(kpis.devicesOnline)}
        sub={kpis.devicesTotal === null ? undefined : <span className="muted">{fill(t.kpiOfTotal, { n: format.number(kpis.devicesTotal) })}</span>}
        {...common}
      />
    ),
    readings: () => (
      <KpiTile
        id="readings"
        label={t.kpiReadings}
        value={kpis.readingsPerSecond === null ? none : format.number(kpis.readingsPerSecond, rateDigits(kpis.readingsPerSecond))}
        sub={<span className="muted">{t.kpiPerSecond}</span>}
        {...common}
      />
    ),
    alarms: () => (
      <KpiTile
        id="alarms"
        label={t.kpiActiveAlarms}
        value={kpis.alarms === null ? none : format.number(totalAlarms(kpis.alarms))}
        sub={kpis.alarms && <SeverityCounts counts={kpis.alarms} />}
        {...common}
      />
    ),
    ispu: () => (
      <KpiTile
        id="ispu"
        label={t.kpiCityIspu}
        value={kpis.ispu === null ? none : format.number(kpis.ispu.index)}
        sub={kpis.ispu ? <IspuBadge category={kpis.ispu.category} /> : <span className="muted">{t.noCurrentData}</span>}
        {...common}
      />
    ),
    water: () => (
      <KpiTile
        id="water"
        label={t.kpiHighestWater}
        value={kpis.water === null ? none : format.number(kpis.water.levelCm)}
        unit={kpis.water ? t.unitCm : undefined}
        sub={
          kpis.water ? (
            <SiagaBadge level={kpis.water.siaga} short />
          ) : (
            <span className="muted">{t.noCurrentData}</span>
          )
        }
        {...common}
      />
    ),
    wifi: () => (
      <KpiTile
        id="wifi"
        label={t.kpiWifiUsers}
        value={kpis.wifiClients === null ? none : format.number(kpis.wifiClients)}
        sub={<span className="muted">{t.kpiUsers}</span>}
        {...common}
      />
    ),
  };
  return <div className={`kpis kpis-${only.length}`}>{only.map((id) => <div key={id} className="kpi-slot">{tiles[id]()}</div>)}</div>;
}
