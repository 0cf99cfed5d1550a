import type { CSSProperties } from 'react';
import { memo, useEffect, useLayoutEffect, useMemo, useRef, useState } from 'react';
import { useCities } from '../city/cities-context';
import { useI18n } from '../i18n/i18n-context';
import { fill } from '../i18n/messages-devices';
import type { DistrictCounts, DistrictPaint, MapMarker } from '../map/city-map';
import { alarmMarkerRem, CityMap, deviceMarkerRem } from '../map/city-map';
import type { PlacedDevice } from '../map/device-markers';
import type { Obstacle } from '../map/district-label-layout';
import type { MarkerState } from '../status/status-look';
import { markerLook } from '../status/status-look';
import { StatusIcon } from '../status/status-shape';
import { conditionText, legendOf } from './condition-text';
import type { DistrictStatus } from './district-conditions';
import { conditionOf } from './district-conditions';
import type { WallFrame } from './wall-frame';
import { placeWallLabels } from './wall-frame';
import { textSlack } from './wall-metrics';
import type { SceneId } from './wall-params';

export interface WallMapProps {
  readonly scene: SceneId;
  readonly wall: WallFrame;
  readonly statuses: readonly DistrictStatus[];
  readonly counts: ReadonlyMap<string, DistrictCounts>;
  /** The scene's devices, counted by state in the legend. */
  readonly devices: readonly PlacedDevice[];
  readonly states: ReadonlyMap<string, MarkerState>;
  readonly markers: readonly MapMarker[];
  readonly alarms: readonly MapMarker[];
  readonly highlight?: string | null;
}

/** Device states the legend counts besides those online, with the look of each. */
const markerStates = ['stale', 'offline'] as const;
type CountedState = (typeof markerStates)[number];

/**
 * The scene's devices in the legend: online of those registered, as the district labels count them
 * ("12/14"), then, while some are, those with old data or offline, with the shapes their markers
 * have. Devices in alarm need no entry: their markers take their alarm's shape, which the ticker names.
 */
function MarkerLegendEntries({ devices, states, counts }: { readonly devices: readonly PlacedDevice[]; readonly states: ReadonlyMap<string, MarkerState>; readonly counts: ReadonlyMap<string, DistrictCounts> }) {
  const { t, format } = useI18n();
  const inState: Record<CountedState, number> = { stale: 0, offline: 0 };
  for (const device of devices) {
    const state = states.get(device.id);
    if (state === 'stale' || state === 'offline') inState[state] += 1;
  }
  let [online, registered] = [0, 0];
  for (const count of counts.values()) [online, registered] = [online + count.online, registered + count.registered];
  const labels: Record<CountedState, string> = { stale: t.markerStale, offline: t.markerOffline };
  const onlineLook = markerLook('online');
  return (
    <>
      <li className="marker-entry" data-state="online">
        <StatusIcon shape={onlineLook.shape} colour={onlineLook.colour} />
        {t.markerOnlineOfRegistered}{' '}
        <strong>
          {format.number(online)}/{format.number(registered)}
        </strong>
      </li>
      {markerStates
        .filter((state) => inState[state] > 0)
        .map((state) => {
          const look = markerLook(state);
          return (
            <li key={state} className="marker-entry" data-state={state}>
              <StatusIcon shape={look.shape} colour={look.colour} />
              {labels[state]} <strong>{format.number(inState[state])}</strong>
            </li>
          );
        })}
    </>
  );
}

function paintsOf(scene: SceneId, statuses: readonly DistrictStatus[], text: (key: string) => string): Map<string, DistrictPaint> {
  const paints = new Map<string, DistrictPaint>();
  for (const status of statuses) {
    const condition = conditionOf(scene, status.figures, status.alarms);
    paints.set(status.id, { look: condition.look, text: text(condition.legendKey) });
  }
  return paints;
}

/** The attribution's box in the map's bottom right corner, rem (wall-parts.css sets its type). */
const attributionRem = { fontSize: 0.75, charEm: 0.56, height: 1.0 };

/** Counts the times the document finished loading fonts, so layouts measured in a fallback font are measured again. */
function useFontLoads(): number {
  const [loads, setLoads] = useState(0);
  useEffect(() => {
    const fonts = typeof document === 'undefined' ? undefined : document.fonts;
    if (fonts === undefined) return;
    const loaded = () => setLoads((count) => count + 1);
    fonts.addEventListener('loadingdone', loaded);
    void fonts.ready.then(loaded);
    return () => fonts.removeEventListener('loadingdone', loaded);
  }, []);
  return loads;
}

/**
 * The room's cities drawn from their real boundaries with d3-geo: districts shaded by the scene's
 * condition, each named with its status shape and its devices online and offline, the scene's
 * devices and every active alarm as markers, and what shades and shapes mean underneath. Its props
 * change once a second at most (see `useWallModel`), so the redraws in between skip it.
 */
export const WallMap = memo(function WallMap({ scene, wall, statuses, counts, devices, states, markers, alarms, highlight = null }: WallMapProps) {
  const { t, lang } = useI18n();
  const { cities } = useCities();
  const text = (key: string) => conditionText(key, t, lang);
  const paints = paintsOf(scene, statuses, text);
  const shown = new Set(statuses.map((s) => conditionOf(scene, s.figures, s.alarms).legendKey));
  const legend = legendOf(scene, shown, t, lang);
  // The legend's lines are fixed by the map above it. Where the shades and the device counts need
  // one more (a regional room's two lines, four or five shades, a wide fallback font), the shades
  // stay and the counts give way, rather than being cut off; they come back when the legend changes.
  // Measured again once web fonts finish loading: a fallback font measured first may be wider.
  const legendRef = useRef<HTMLUListElement>(null);
  const fontLoads = useFontLoads();
  const legendKey = `${scene}|${lang}|${fontLoads}|${legend.map((entry) => entry.key).join(',')}`;
  const [countsCrowdedOut, setCountsCrowdedOut] = useState<string | null>(null);
  const showMarkerCounts = countsCrowdedOut !== legendKey;
  useLayoutEffect(() => {
    const list = legendRef.current;
    if (showMarkerCounts && list !== null && list.scrollHeight > list.clientHeight + 1) setCountsCrowdedOut(legendKey);
  });
  const attribution = t.mapAttribution;
  const { box } = wall.fitted;

  const attributionWidth = attribution.length * attributionRem.charEm * textSlack * attributionRem.fontSize + 0.4;
  const obstacles: Obstacle[] = [
    { centre: [box.width - attributionWidth / 2, box.height - attributionRem.height / 2], width: attributionWidth, height: attributionRem.height },
    ...markers.map((m): Obstacle => ({ centre: m.at, width: 2 * deviceMarkerRem + 0.1, height: 2 * deviceMarkerRem + 0.1, soft: true })),
    ...alarms.map((m): Obstacle => ({ centre: m.at, width: 2.3 * alarmMarkerRem + 0.1, height: 2.3 * alarmMarkerRem + 0.1 })),
  ];
  // Label sizes (the digits of the counts) and obstacles as a text: the (costly) layout reruns only when one of them changes.
  const sizes = wall.frame.districts.map((d) => {
    const registered = counts.get(d.id)?.registered ?? 0;
    return registered === 0 ? 0 : String(registered).length;
  });
  const layoutKey = JSON.stringify([sizes, obstacles.map((o) => [o.centre[0].toFixed(2), o.centre[1].toFixed(2), o.width.toFixed(2)])]);
  const { labels, showCounts } = useMemo(() => placeWallLabels(wall, counts, obstacles), [layoutKey, wall]);

  return (
    <section className="panel wall-map-panel" aria-label={fill(t.mapTitle, { city: cities.map((c) => c.names[lang]).join(', ') })}>
      <div className="wall-map-frame">
        <CityMap frame={wall.frame} fitted={wall.fitted} paints={paints} counts={counts} showCounts={showCounts} labels={labels} devices={markers} alarms={alarms} highlight={highlight}>
          <p className="map-attribution">{attribution}</p>
        </CityMap>
      </div>
      {/* Under the map, not over it: at wall type sizes legends would hide half the districts. */}
      <ul ref={legendRef} className="map-legend" data-legend={scene} data-counts={showMarkerCounts ? 'shown' : 'crowded-out'} style={{ '--legend-lines': wall.legendLines } as CSSProperties}>
        {legend.map((entry) => (
          <li key={entry.key} className="shade-entry" data-condition={entry.key}>
            <span className="shade-swatch" style={{ background: entry.look.colour }}>
              <StatusIcon shape={entry.look.shape} colour={entry.look.ink} />
            </span>
            {entry.text}
          </li>
        ))}
        {showMarkerCounts && <MarkerLegendEntries devices={devices} states={states} counts={counts} />}
      </ul>
    </section>
  );
});
