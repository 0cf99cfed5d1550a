import { useI18n } from '../../i18n/i18n-context';
import { IspuBadge } from '../../status/status-badges';
import { KpiTile } from '../kpi-tile';
import { KpiTiles } from '../kpi-tiles';
import { TrendChart } from '../trend-chart';
import { RankList } from './rank-list';
import type { SceneSideProps } from './scene-types';
import { rankSize, seriesColours } from './scene-types';

/** Air quality: city ISPU, mean PM2.5, the last ten minutes, the worst kecamatan. */
export function EnvironmentSide({ kpis, live, statuses, now }: SceneSideProps) {
  const { t, format } = useI18n();
  const pm25 = live.city?.pm25MeanUgm3 ?? null;
  const rows = statuses
    .filter((s) => s.figures.ispu !== null)
    .sort((a, b) => (b.figures.ispu?.index ?? 0) - (a.figures.ispu?.index ?? 0))
    // The index inside its category's badge: "Sangat Tidak Sehat" beside a name would not fit at wall type sizes (the map's legend names the shapes).
    .map((s) => ({ key: s.id, name: s.name, value: null, status: s.figures.ispu && <IspuBadge category={s.figures.ispu.category} figure={format.number(s.figures.ispu.index)} /> }));
  const age = kpis.ageMs === null ? null : format.age(kpis.ageMs);
  return (
    <div className="scene-side">
      <div className="kpi-pair">
        <KpiTiles kpis={kpis} only={['ispu']} />
        <KpiTile id="pm25" label={t.kpiPm25Mean} value={pm25 === null ? '—' : format.number(pm25)} unit="µg/m³" stale={kpis.stale} age={age} />
      </div>
      <TrendChart
        title={t.chartAirTitle}
        trend={live.trend}
        now={now}
        series={[
          { key: 'pm25MeanUgm3', label: t.seriesPm25Concentration, colour: seriesColours.first },
          { key: 'ispuIndex', label: t.seriesIspu, colour: seriesColours.second, dashed: true, axis: 'right' },
        ]}
      />
      <RankList title={t.rankAirTitle} valueHead={t.columnIspu} rows={rows} size={rankSize} />
    </div>
  );
}
