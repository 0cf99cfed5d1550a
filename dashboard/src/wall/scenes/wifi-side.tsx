import { useI18n } from '../../i18n/i18n-context';
import { useRoomKinds } from '../../kinds/kinds-context';
import { fill } from '../../i18n/messages-devices';
import { KpiTile } from '../kpi-tile';
import { KpiTiles } from '../kpi-tiles';
import { TrendChart } from '../trend-chart';
import { ConditionBand } from './condition-band';
import { RankList } from './rank-list';
import type { SceneSideProps } from './scene-types';
import { rankSize, seriesColours } from './scene-types';

/** Public Wi-Fi: users online in the parks, access points up, the busiest kecamatan. */
export function WifiSide({ kpis, live, statuses, now }: SceneSideProps) {
  const { t, format } = useI18n();
  const kinds = useRoomKinds();
  let apsTotal = 0;
  let apsOnline = 0;
  // Access points: devices of a kind whose profile puts it on the Wi-Fi scene.
  for (const device of live.devices.values()) {
    if (kinds.spec(device.kind)?.theme !== 'wifi') continue;
    apsTotal += 1;
    if (live.conditions.get(device.id)?.state === 'online') apsOnline += 1;
  }
  const age = kpis.ageMs === null ? null : format.age(kpis.ageMs);
  const rows = statuses
    .filter((s) => s.figures.wifiClients !== null)
    .sort((a, b) => (b.figures.wifiClients ?? 0) - (a.figures.wifiClients ?? 0))
    .map((s) => ({ key: s.id, name: s.name, value: format.number(s.figures.wifiClients ?? 0), status: <ConditionBand scene="wifi" figures={s.figures} alarms={s.alarms} /> }));
  return (
    <div className="scene-side">
      <div className="kpi-pair">
        <KpiTiles kpis={kpis} only={['wifi']} />
        <KpiTile id="aps" label={t.kpiAccessPoints} value={format.number(apsOnline)} sub={<span className="muted">{fill(t.kpiOfTotal, { n: format.number(apsTotal) })}</span>} stale={kpis.stale} age={age} />
      </div>
      <TrendChart title={t.chartWifiTitle} trend={live.trend} now={now} series={[{ key: 'wifiClients', label: t.seriesWifiClients, colour: seriesColours.second }]} />
      <RankList title={t.rankWifiTitle} valueHead={t.unitUsers} rows={rows} size={rankSize} />
    </div>
  );
}
