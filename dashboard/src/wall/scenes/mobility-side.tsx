import { useI18n } from '../../i18n/i18n-context';
import { fill } from '../../i18n/messages-devices';
import { KpiTile } from '../kpi-tile';
import { TrendChart } from '../trend-chart';
import { ConditionBand } from './condition-band';
import { RankList } from './rank-list';
import type { SceneSideProps } from './scene-types';
import { rankSize, seriesColours } from './scene-types';

/** Mobility: traffic volume and speed across the city's counted junctions, the slowest kecamatan. */
export function MobilitySide({ kpis, live, statuses, now }: SceneSideProps) {
  const { t, format } = useI18n();
  const city = live.city;
  const age = kpis.ageMs === null ? null : format.age(kpis.ageMs);
  const rows = statuses
    .filter((s) => s.figures.speedMeanKmh !== null)
    .sort((a, b) => (a.figures.speedMeanKmh ?? 0) - (b.figures.speedMeanKmh ?? 0))
    .map((s) => ({
      key: s.id,
      name: s.name,
      value: `${format.number(s.figures.speedMeanKmh ?? 0)} ${t.unitKmh}`,
      status: <ConditionBand scene="mobility" figures={s.figures} alarms={s.alarms} />,
    }));
  return (
    <div className="scene-side">
      <div className="kpi-pair">
        <KpiTile
          id="vehicles"
          label={t.kpiVehicles}
          value={city?.vehiclesPerMinute == null ? '—' : format.number(city.vehiclesPerMinute)}
          sub={<span className="muted">{t.kpiPerMinute}</span>}
          stale={kpis.stale}
          age={age}
        />
        <KpiTile
          id="speed"
          label={t.kpiSpeedMean}
          value={city?.speedMeanKmh == null ? '—' : format.number(city.speedMeanKmh)}
          unit={t.unitKmh}
          sub={<span className="muted">{fill(t.congestedJunctions, { n: format.number(city?.congestedJunctions ?? 0) })}</span>}
          stale={kpis.stale}
          age={age}
        />
      </div>
      <TrendChart
        title={t.chartTrafficTitle}
        trend={live.trend}
        now={now}
        series={[
          { key: 'vehiclesPerMinute', label: t.seriesVehicles, colour: seriesColours.first },
          { key: 'speedMeanKmh', label: t.seriesSpeed, colour: seriesColours.second, dashed: true, axis: 'right' },
        ]}
      />
      <RankList title={t.rankTrafficTitle} valueHead={t.columnSpeed} rows={rows} size={rankSize} />
    </div>
  );
}
