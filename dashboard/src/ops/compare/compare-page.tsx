import type { AggregateFn, DeviceKind, HistoryTier } from '@kendali/contracts';
import { fieldOfQuantity, isIspuQuantity, ispuCategories, ispuCategoryInfo, roleSatisfies } from '@kendali/contracts';
import { useMemo, useState } from 'react';
import { useI18n } from '../../i18n/i18n-context';
import { fill } from '../../i18n/messages-devices';
import type { MessageKey } from '../../i18n/messages';
import { useKinds } from '../../kinds/kinds-context';
import { fieldLabel } from '../../kinds/kind-text';
import { DeskHeader } from '../../shell/desk-header';
import { ServerProblem } from '../../shell/server-problem';
import { ispuLook } from '../../status/status-look';
import { StatusIcon } from '../../status/status-shape';
import { api } from '../../telemetry/api-client';
import { useAuth } from '../../telemetry/use-auth';
import { useTelemetry } from '../../telemetry/use-telemetry';
import { useNow } from '../../use-now';
import { chartableFields, unitOf, unitSuffix } from '../chartable-fields';
import { useResource } from '../use-resource';
import '../ops.css';
import './compare.css';
import type { CompareSpan } from './compare-range';
import { compareRange, compareSpans } from './compare-range';
import { DistrictChart } from './district-chart';
import { districtPanels, sharedDomain } from './district-panels';

const refreshMs = 60_000; // the hour in progress fills in as readings arrive
const shownFns: readonly AggregateFn[] = ['mean', 'max'];
const spanLabels: Readonly<Record<CompareSpan, MessageKey>> = { '24h': 'compareSpan24h', '7d': 'compareSpan7d', '30d': 'compareSpan30d' };
const fnLabels: Readonly<Partial<Record<AggregateFn, MessageKey>>> = { mean: 'compareFnMean', max: 'compareFnMax' };
const tierLabels: Readonly<Record<HistoryTier, MessageKey>> = { raw: 'tierRaw', '1m': 'tier1m', '1h': 'tier1h' };

/** Columns for `count` panels on a landscape screen: about 16:9 cells, 13 districts in 5 x 3. */
const columnsFor = (count: number) => Math.max(1, Math.min(count, Math.ceil(Math.sqrt(count * 1.8))));

/** Districts side by side: one kind's field, per hour, over the last day, week or month, one small chart each. */
export function ComparePage() {
  const { t, lang, format } = useI18n();
  const { link, live } = useTelemetry();
  const now = useNow() + live.clockOffsetMs;
  const [kindChoice, setKindChoice] = useState<DeviceKind | null>(null);
  const [fieldChoice, setFieldChoice] = useState<string | null>(null);
  const [fn, setFn] = useState<AggregateFn>('mean');
  const [span, setSpan] = useState<CompareSpan>('24h');

  const devices = useMemo(() => [...live.devices.values()], [live.devices]);
  const { kinds: known } = useKinds();
  // Kinds with something to chart, those with devices in the room first offered alone.
  const chartable = known.all().filter((spec) => chartableFields(spec).length > 0);
  const present = chartable.filter((spec) => devices.some((d) => d.kind === spec.kind));
  const kinds = present.length > 0 ? present : chartable;
  // Air first: the first kind measuring PM2.5, unless the operator chose another.
  const kindSpec = kinds.find((spec) => spec.kind === kindChoice) ?? kinds.find((spec) => fieldOfQuantity(spec, 'pm25') !== undefined) ?? kinds[0];
  const kind = kindSpec?.kind ?? '';
  const fields = chartableFields(kindSpec);
  const field = fieldChoice !== null && fields.includes(fieldChoice) ? fieldChoice : (fields[0] ?? '');
  const { from, to } = compareRange(span, now);

  const key = kindSpec === undefined ? null : `${kind}|${field}|${from}|${to}`;
  const answer = useResource(key, () => api.cityHistory({ kind, fields: field, fn: shownFns.join(','), every: '1h', groupBy: 'district', from: String(from), to: String(to) }), refreshMs);
  const ofKind = devices.filter((d) => d.kind === kind);
  // ISPU bands for a pollutant's field, Siaga lines for a water level's, whatever the kind calls them.
  const quantity = kindSpec?.fields[field]?.quantity;
  const pollutant = isIspuQuantity(quantity) ? quantity : null;
  const withSiaga = quantity === 'water-level-cm';
  const panels = districtPanels(answer.data, ofKind, fn, withSiaga);
  const domain = sharedDomain(panels, pollutant);
  const columns = columnsFor(panels.length);
  const tiers = [...new Set((answer.data?.series ?? []).map((s) => s.tier))];
  // Files are for operators and above: a wall's viewer token may not pull bulk data.
  const { identity } = useAuth();
  const mayDownload = identity !== null && roleSatisfies(identity.role, 'operator');
  const exportQuery = { kind, fields: field, fn: shownFns.join(','), every: '1h', groupBy: 'district', from: String(from), to: String(to) } as const;

  return (
    <div className="compare-page" data-kind={kind} data-field={field} data-fn={fn} data-span={span}>
      <DeskHeader page="compare" link={link} className="compare-header" />
      <section className="compare-controls" aria-label={t.compareTitle}>
        <h1 className="compare-title">{t.compareTitle}</h1>
        <label>
          {t.compareKind}
          <select value={kind} onChange={(e) => setKindChoice(e.target.value)} data-select="kind">
            {kinds.map((spec) => (
              <option key={spec.kind} value={spec.kind}>
                {spec.label[lang]}
              </option>
            ))}
          </select>
        </label>
        <label>
          {t.compareField}
          <select value={field} onChange={(e) => setFieldChoice(e.target.value)} data-select="field">
            {fields.map((f) => (
              <option key={f} value={f}>
                {fieldLabel(kindSpec, f, lang)}
                {unitSuffix(kindSpec, f)}
              </option>
            ))}
          </select>
        </label>
        <div className="range-picker" role="group" aria-label={t.compareFn}>
          {shownFns.map((choice) => (
            <button key={choice} type="button" aria-pressed={fn === choice} onClick={() => setFn(choice)} data-fn={choice}>
              {t[fnLabels[choice]!]}
            </button>
          ))}
        </div>
        <div className="range-picker" role="group" aria-label={t.compareSpan}>
          {compareSpans.map((choice) => (
            <button key={choice} type="button" aria-pressed={span === choice} onClick={() => setSpan(choice)} data-span={choice}>
              {t[spanLabels[choice]]}
            </button>
          ))}
        </div>
        {mayDownload && (
          <div className="range-picker compare-download" role="group" aria-label={t.compareDownload} title={t.compareDownloadHint}>
            <span className="compare-download-label">{t.compareDownload}</span>
            {(['csv', 'xlsx'] as const).map((format) => (
              <a key={format} href={api.exportUrl({ ...exportQuery, format })} download data-format={format}>
                {format.toUpperCase()}
              </a>
            ))}
          </div>
        )}
      </section>
      <div className="compare-problem">
        <ServerProblem error={answer.error} />
      </div>
      {panels.length === 0 ? (
        <p className="compare-empty muted">{answer.loading ? t.waitingForData : t.compareNoDistricts}</p>
      ) : (
        <div className="compare-grid" style={{ gridTemplateColumns: `repeat(${columns}, minmax(0, 1fr))`, gridTemplateRows: `repeat(${Math.ceil(panels.length / columns)}, minmax(0, 1fr))` }}>
          {panels.map((panel) => (
            <DistrictChart key={panel.district} panel={panel} unit={unitOf(kindSpec, field)} pollutant={pollutant} domain={domain} from={from} to={to} />
          ))}
        </div>
      )}
      <footer className="compare-footer muted">
        <span>
          {fieldLabel(kindSpec, field, lang)}
          {unitSuffix(kindSpec, field)} · {t[fnLabels[fn]!]} · {fill(t.compareRange, { from: format.dateTime(from), to: format.dateTime(to), zone: format.zone })}
        </span>
        {pollutant && (
          <span className="compare-legend">
            {t.ispuBands}:
            {ispuCategories.map((category) => (
              <span key={category} className="compare-legend-item">
                <StatusIcon shape={ispuLook(category).shape} colour={ispuLook(category).colour} /> {ispuCategoryInfo[category][lang]}
              </span>
            ))}
          </span>
        )}
        {withSiaga && panels.some((p) => p.siaga) && <span>{t.siagaLines}</span>}
        {tiers.length > 0 && <span className="compare-tier" data-tier={tiers.join(',')}>{tiers.map((tier) => t[tierLabels[tier]]).join(', ')}</span>}
      </footer>
    </div>
  );
}
