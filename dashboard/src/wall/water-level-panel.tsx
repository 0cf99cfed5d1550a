import { useI18n } from '../i18n/i18n-context';
import { ageMs } from '../telemetry/freshness';
import type { DistrictWaterLevel } from './district-summary';

function WaterLevelRow({ row, now }: { readonly row: DistrictWaterLevel; readonly now: number }) {
  const { format } = useI18n();
  const level = row.waterLevelCm;
  const stale = level.value !== null && !level.current;
  return (
    <li className={stale ? 'wl-row is-stale' : 'wl-row'}>
      <span className="cell-district">{row.district.name}</span>
      <span className="cell-number">{level.value === null ? '—' : format.number(level.value)}</span>
      <span className="cell-status">{stale && <span className="age">{format.age(ageMs(level.newestTs ?? now, now))}</span>}</span>
    </li>
  );
}

export function WaterLevelPanel({ rows, now }: { readonly rows: readonly DistrictWaterLevel[]; readonly now: number }) {
  const { t } = useI18n();
  return (
    <section className="panel panel-water">
      <h2 className="panel-title">
        {t.waterPanelTitle}
        <span className="panel-note">{t.waterPanelNote}</span>
      </h2>
      <div className="wl-row table-head" aria-hidden="true">
        <span>{t.columnDistrict}</span>
        <span className="cell-number">{t.columnWaterLevel}</span>
        <span />
      </div>
      <ol className="rows">
        {rows.map((row) => (
          <WaterLevelRow key={row.district.id} row={row} now={now} />
        ))}
      </ol>
    </section>
  );
}
