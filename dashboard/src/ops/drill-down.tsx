import type { DeviceKind } from '@kendali/contracts';
import { ageMs } from '@kendali/contracts';
import { useMemo, useState } from 'react';
import { useCities } from '../city/cities-context';
import { useI18n } from '../i18n/i18n-context';
import { useKinds } from '../kinds/kinds-context';
import { fieldLabel, kindLabel } from '../kinds/kind-text';
import { ServerProblem } from '../shell/server-problem';
import { districtKey } from '../map/city-model';
import { markerLook } from '../status/status-look';
import { StatusIcon } from '../status/status-shape';
import { api } from '../telemetry/api-client';
import type { LiveState } from '../telemetry/live-state';
import { deviceState, deviceStateText } from '../status/device-state';
import { chartableFields, historyFields, unitSuffix } from './chartable-fields';
import { DevicesChart } from './devices-chart';
import { HistoryChart } from './history-chart';
import type { HistoryRange } from './history-range';
import { resolveRange } from './history-range';
import { RangePicker } from './range-picker';
import { StateTimeline } from './state-timeline';
import { useResource } from './use-resource';

export interface DrillTarget {
  readonly district: string | null;
  readonly deviceId: string | null;
}

/** A district's devices with their state, and one device's history over a chosen range. */
export function DrillDown({ live, now, target, onTarget }: { readonly live: LiveState; readonly now: number; readonly target: DrillTarget; readonly onTarget: (target: DrillTarget) => void }) {
  const { t, lang, format } = useI18n();
  const { cities } = useCities();
  const { kinds } = useKinds();
  const [range, setRange] = useState<HistoryRange>({ preset: '1h' });
  const [fieldChoice, setFieldChoice] = useState<string | null>(null);
  const device = target.deviceId === null ? null : live.devices.get(target.deviceId) ?? null;
  const district = target.district ?? device?.district ?? null;
  const inDistrict = useMemo(
    () => [...live.devices.values()].filter((d) => district !== null && districtKey(d.district) === districtKey(district)).sort((a, b) => a.kind.localeCompare(b.kind) || a.name.localeCompare(b.name)),
    [live.devices, district],
  );
  const deviceSpec = device ? kinds.spec(device.kind) : undefined;
  const fields = historyFields(deviceSpec);
  const field = fieldChoice !== null && fields.includes(fieldChoice) ? fieldChoice : (fields[0] ?? null);
  // Presets follow the clock by the minute, up to the end of the current one: the reading that
  // just raised an alarm is on the chart when the operator opens it. A custom range is fixed.
  const resolved = resolveRange(range, Math.ceil(now / 60_000) * 60_000);
  // A string field has no mean: each bucket's last state, drawn as a step from one state to the next.
  const fieldSpec = field === null ? undefined : deviceSpec?.fields[field];
  const isState = fieldSpec?.type === 'string';
  const key = device && field ? `${device.id}|${field}|${resolved.from}|${resolved.to}|${resolved.every}` : null;
  const history = useResource(key, () =>
    api.history({ device: device?.id ?? '', field: field ?? '', from: String(resolved.from), to: String(resolved.to), every: resolved.every, fn: isState ? 'last' : 'mean' }),
  );
  // A district without a device chosen: every device of one kind in it, side by side, read in one request.
  const [kindChoice, setKindChoice] = useState<DeviceKind | null>(null);
  const districtKinds = [...new Set(inDistrict.map((d) => d.kind))].filter((k) => chartableFields(kinds.spec(k)).length > 0);
  const districtKind = kindChoice !== null && districtKinds.includes(kindChoice) ? kindChoice : (districtKinds[0] ?? null);
  const districtField = districtKind === null ? null : (chartableFields(kinds.spec(districtKind))[0] ?? null);
  const kindKey = device === null && district !== null && districtKind && districtField ? `${district}|${districtKind}|${districtField}|${resolved.from}|${resolved.to}|${resolved.every}` : null;
  const kindHistory = useResource(kindKey, () =>
    api.cityHistory({ district: district ?? '', kind: districtKind ?? '', fields: districtField ?? '', fn: 'mean', every: resolved.every, groupBy: 'device', from: String(resolved.from), to: String(resolved.to) }),
  );
  const names = useMemo(() => new Map(inDistrict.map((d) => [d.id, d.name])), [inDistrict]);

  return (
    <section className="ops-panel drill-down" aria-label={t.opsDrillTitle}>
      <h2 className="ops-title">{t.opsDrillTitle}</h2>
      <div className="ops-filters">
        <label>
          {t.filterDistrict}
          <select value={district ?? ''} onChange={(e) => onTarget({ district: e.target.value || null, deviceId: null })}>
            <option value="">—</option>
            {cities.flatMap((city) => city.districts).map((d) => (
              <option key={d.code} value={d.name}>
                {d.name}
              </option>
            ))}
          </select>
        </label>
        <label>
          {t.factDevice}
          <select value={device?.id ?? ''} onChange={(e) => onTarget({ district, deviceId: e.target.value || null })} data-select="device">
            <option value="">—</option>
            {inDistrict.map((d) => (
              <option key={d.id} value={d.id}>
                {d.name} ({kindLabel(kinds.spec(d.kind), d.kind, lang)})
              </option>
            ))}
          </select>
        </label>
        {device && (
          <label>
            {t.historyField}
            <select value={field ?? ''} onChange={(e) => setFieldChoice(e.target.value)}>
              {fields.map((f) => (
                <option key={f} value={f}>
                  {fieldLabel(deviceSpec, f, lang)}
                  {unitSuffix(deviceSpec, f)}
                </option>
              ))}
            </select>
          </label>
        )}
      </div>
      {device ? (
        <>
          <RangePicker range={range} now={now} onChange={setRange} />
          <p className="muted history-note">
            {isState ? t.historyBucketLast : t.historyBucket} {resolved.every} · {format.dateTime(resolved.from)} – {format.dateTime(resolved.to)} {format.zone}
          </p>
          <ServerProblem error={history.error} />
          {isState ? (
            <StateTimeline history={history.data} field={fieldSpec} from={resolved.from} to={resolved.to} />
          ) : (
            <HistoryChart history={history.data} from={resolved.from} to={resolved.to} />
          )}
        </>
      ) : (
        <>
        <ul className="district-devices">
          {district === null && <li className="muted">{t.opsDrillPrompt}</li>}
          {inDistrict.map((d) => {
            const latest = live.latest.get(d.id);
            const state = deviceState(kinds.spec(d.kind), live.conditions.get(d.id), latest, undefined, now);
            const look = markerLook(state);
            const stateText = deviceStateText(state, t);
            return (
              <li key={d.id}>
                <button type="button" className="link-button" onClick={() => onTarget({ district, deviceId: d.id })} data-device-id={d.id}>
                  <StatusIcon shape={look.shape} colour={look.colour} /> {d.name}
                </button>
                <span className="muted">
                  {kindLabel(kinds.spec(d.kind), d.kind, lang)} · {stateText}
                  {latest && ` · ${format.age(ageMs(latest.ts, now))}`}
                </span>
              </li>
            );
          })}
        </ul>
        {kindKey !== null && districtKind !== null && districtField !== null && (
          <div className="district-kind-history">
            <div className="ops-filters">
              <label>
                {t.drillKindHistory}
                <select value={districtKind} onChange={(e) => setKindChoice(e.target.value as DeviceKind)} data-select="district-kind">
                  {districtKinds.map((k) => {
                    const spec = kinds.spec(k);
                    const headline = chartableFields(spec)[0] ?? '';
                    return (
                      <option key={k} value={k}>
                        {kindLabel(spec, k, lang)} · {fieldLabel(spec, headline, lang)}
                        {unitSuffix(spec, headline)}
                      </option>
                    );
                  })}
                </select>
              </label>
            </div>
            <RangePicker range={range} now={now} onChange={setRange} />
            <ServerProblem error={kindHistory.error} />
            <DevicesChart history={kindHistory.data} names={names} from={resolved.from} to={resolved.to} />
          </div>
        )}
        </>
      )}
    </section>
  );
}
