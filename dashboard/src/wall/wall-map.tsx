import { memo } from 'react';
import { useI18n } from '../i18n/i18n-context';
import type { DistrictPaint } from '../map/city-map';
import { CityInset, CityMap } from '../map/city-map';
import { cisadanePath, serangModel } from '../map/city-models';
import type { CityModel } from '../map/city-model';
import type { PlacedDevice } from '../map/device-markers';
import type { MarkerState } from '../status/status-look';
import { markerLook } from '../status/status-look';
import { StatusIcon } from '../status/status-shape';
import { conditionText, legendOf } from './condition-text';
import type { DistrictStatus } from './district-conditions';
import { conditionOf } from './district-conditions';
import type { SceneId } from './wall-params';

export interface WallMapProps {
  readonly scene: SceneId;
  readonly model: CityModel;
  readonly statuses: readonly DistrictStatus[];
  /** The districts of the Kota Serang inset. */
  readonly serangStatuses: readonly DistrictStatus[];
  readonly devices: readonly PlacedDevice[];
  readonly states: ReadonlyMap<string, MarkerState>;
  readonly highlight?: string | null;
}

/** Device states the markers show, with the look of each; "alarm" stands for every severity. */
const markerStates = ['online', 'stale', 'offline', 'alarm'] as const;
type CountedState = (typeof markerStates)[number];

/**
 * How many of the scene's devices each marker stands for. Online is always listed; the others only
 * while some device is in that state (a legend for every state would not fit at wall type sizes).
 */
function MarkerLegendEntries({ devices, states }: { readonly devices: readonly PlacedDevice[]; readonly states: ReadonlyMap<string, MarkerState> }) {
  const { t, format } = useI18n();
  const counts: Record<CountedState, number> = { online: 0, stale: 0, offline: 0, alarm: 0 };
  for (const device of devices) {
    const state = states.get(device.id) ?? 'unknown';
    if (state === 'online' || state === 'stale' || state === 'offline') counts[state] += 1;
    else if (state !== 'unknown') counts.alarm += 1;
  }
  const labels: Record<CountedState, string> = { online: t.markerOnline, stale: t.markerStale, offline: t.markerOffline, alarm: t.markerAlarm };
  return markerStates
    .filter((state) => state === 'online' || counts[state] > 0)
    .map((state) => {
      const look = markerLook(state === 'alarm' ? 'critical' : state);
      return (
        <li key={state} className="marker-entry" data-state={state}>
          <StatusIcon shape={look.shape} colour={look.colour} />
          {labels[state]} <strong>{format.number(counts[state])}</strong>
        </li>
      );
    });
}

function paintsOf(scene: SceneId, statuses: readonly DistrictStatus[], text: (key: string) => string): Map<string, DistrictPaint> {
  const paints = new Map<string, DistrictPaint>();
  for (const status of statuses) {
    const condition = conditionOf(scene, status.figures, status.alarms);
    paints.set(status.id, { look: condition.look, text: text(condition.legendKey) });
  }
  return paints;
}

/**
 * The city map of a scene: districts shaded by their worst condition, devices by state, Kota Serang
 * inset, and what the shading and markers mean. Its props change once a second at most (see
 * `useWallModel`), so the redraws in between skip it.
 */
export const WallMap = memo(function WallMap({ scene, model, statuses, serangStatuses, devices, states, highlight = null }: WallMapProps) {
  const { t, lang } = useI18n();
  const text = (key: string) => conditionText(key, t, lang);
  const paints = paintsOf(scene, statuses, text);
  const serangPaints = paintsOf(scene, serangStatuses, text);
  const serangWorst = serangStatuses
    .map((s) => conditionOf(scene, s.figures, s.alarms))
    .reduce<ReturnType<typeof conditionOf> | null>((worst, c) => (worst === null || c.rank > worst.rank ? c : worst), null);
  const shown = new Set([...statuses, ...serangStatuses].map((s) => conditionOf(scene, s.figures, s.alarms).legendKey));
  const legend = legendOf(scene, shown, t, lang);

  return (
    <section className="panel wall-map-panel" aria-label={t.mapTitle}>
      <div className="wall-map-frame">
        <CityMap
          model={model}
          paints={paints}
          devices={devices}
          states={states}
          highlight={highlight}
          overlay={<path className="river" d={cisadanePath} />}
        >
          <CityInset model={serangModel} paints={serangPaints} title={t.cityKotaSerang} status={serangWorst ? { look: serangWorst.look, text: text(serangWorst.legendKey) } : null} />
          <span className="river-label">{t.riverCisadane}</span>
        </CityMap>
      </div>
      {/* Under the map, not over it: at wall type sizes legends would hide half the districts. */}
      <ul className="map-legend" data-legend={scene}>
        {legend.map((entry) => (
          <li key={entry.key} className="shade-entry" data-condition={entry.key}>
            <span className="shade-swatch" style={{ background: entry.look.colour }}>
              <StatusIcon shape={entry.look.shape} colour={entry.look.ink} />
            </span>
            {entry.text}
          </li>
        ))}
        <li className="legend-break" aria-hidden="true" />
        <MarkerLegendEntries devices={devices} states={states} />
      </ul>
    </section>
  );
});
