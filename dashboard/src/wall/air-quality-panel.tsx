import { useI18n } from '../i18n/i18n-context';
import { ageMs } from '../telemetry/freshness';
import type { DistrictAirQuality } from './district-summary';
import { IspuBadge } from './ispu-badge';

function AirQualityRow({ row, now }: { readonly row: DistrictAirQuality; readonly now: number }) {
  const { t, format } = useI18n();
  const { pm25, ispu } = row;
  const hasValue = pm25.value !== null && ispu !== null;
  let status;
  if (!hasValue) status = <span className="muted">{t.noData}</span>;
  else if (!pm25.current) status = <span className="age">{format.age(ageMs(pm25.newestTs ?? now, now))}</span>;
  else status = <IspuBadge category={ispu.category} />;

  return (
    <li className={hasValue && !pm25.current ? 'aq-row is-stale' : 'aq-row'}>
      <span className="cell-district">{row.district.name}</span>
      <span className="cell-number">{pm25.value === null ? '—' : format.number(pm25.value, 1)}</span>
      <span className="cell-number cell-ispu">{ispu ? format.number(ispu.index) : '—'}</span>
      <span className="cell-status">{status}</span>
    </li>
  );
}

export function AirQualityPanel({ rows, now }: { readonly rows: readonly DistrictAirQuality[]; readonly now: number }) {
  const { t } = useI18n();
  return (
    <section className="panel panel-air">
      <h2 className="panel-title">
        {t.airPanelTitle}
        <span className="panel-note">{t.airPanelNote}</span>
      </h2>
      <div className="aq-row table-head" aria-hidden="true">
        <span>{t.columnDistrict}</span>
        <span className="cell-number">{t.columnPm25}</span>
        <span className="cell-number">{t.columnIspu}</span>
        <span>{t.columnCategory}</span>
      </div>
      <ol className="rows">
        {rows.map((row) => (
          <AirQualityRow key={row.district.id} row={row} now={now} />
        ))}
      </ol>
    </section>
  );
}
