import type { KindLookup, ThresholdsOf } from '@kendali/contracts';
import { useCallback, useMemo, useRef } from 'react';
import { useRoomKinds } from '../kinds/kinds-context';
import type { DistrictCounts, MapMarker } from '../map/city-map';
import type { PlacedDevice } from '../map/device-markers';
import { alarmSpots, placeDevices } from '../map/device-markers';
import { deviceState, markerPaintRank, worstAlarmByDevice } from '../status/device-state';
import type { MarkerState } from '../status/status-look';
import type { LiveState } from '../telemetry/live-state';
import { useHeldFor } from '../use-sampled';
import type { DistrictStatus } from './district-conditions';
import { openAlarmsByDistrict, readingsByDistrict, sceneKinds, statusesOf } from './district-conditions';
import type { WallFrame } from './wall-frame';
import type { SceneId } from './wall-params';

export interface WallModel {
  /** Every district of the room's cities, in the frame's order. */
  readonly statuses: readonly DistrictStatus[];
  /** The scene's devices per district id: online, offline, registered. */
  readonly counts: ReadonlyMap<string, DistrictCounts>;
  /** The scene's devices (the legend counts them by state). */
  readonly devices: readonly PlacedDevice[];
  readonly states: ReadonlyMap<string, MarkerState>;
  /** Device markers the scene draws (water posts, access points), calm ones first. */
  readonly markers: readonly MapMarker[];
  /** Every active, unshelved alarm, one marker per spot. */
  readonly alarms: readonly MapMarker[];
}

/** Scenes whose map draws their devices one by one (water posts, access points); the others shade districts only. */
const markerScenes: ReadonlySet<SceneId> = new Set(['flood', 'wifi']);

const markerKinds = (scene: SceneId, kinds: KindLookup) => (markerScenes.has(scene) ? (sceneKinds(scene, kinds) ?? []) : []);

function sameStates(a: ReadonlyMap<string, MarkerState>, b: ReadonlyMap<string, MarkerState>): boolean {
  if (a.size !== b.size) return false;
  for (const [id, state] of a) if (b.get(id) !== state) return false;
  return true;
}

const ageStepMs = 5_000; // values age into "stale" on this step even when no frame changes anything
// Shading and markers follow the readings once a second, not on each of the two redraws a second:
// grouping 5,000 readings and their district figures was the largest share of every redraw.
const readingsPeriodMs = 1_000;

/** District figures, counts and markers of the wall's map, recomputed only when their inputs change. */
export function useWallModel(live: LiveState, scene: SceneId, now: number, wall: WallFrame): WallModel {
  const at = Math.floor(now / ageStepMs) * ageStepMs;
  const latest = useHeldFor(live.latest, Math.floor(now / readingsPeriodMs));
  const { devices: known, alarms, conditions } = live;
  const roomKinds = useRoomKinds();
  const thresholdsOf = useCallback<ThresholdsOf>((id) => known.get(id)?.siaga ?? null, [known]);
  const readings = useMemo(() => readingsByDistrict(latest.values()), [latest]);
  const open = useMemo(() => openAlarmsByDistrict(alarms.values(), at), [alarms, at]);
  const statuses = useMemo(() => statusesOf(wall.frame.districts, readings, open, thresholdsOf, at, roomKinds), [wall, readings, open, thresholdsOf, at, roomKinds]);

  const placed = useMemo(() => placeDevices(known.values(), wall.fitted, wall.inner), [known, wall]);
  const kinds = useMemo(() => sceneKinds(scene, roomKinds), [scene, roomKinds]);
  const devices = useMemo(() => (kinds === null ? placed : placed.filter((d) => kinds.includes(d.kind))), [placed, kinds]);

  const counts = useMemo(() => {
    const byDistrict = new Map<string, { online: number; offline: number; registered: number }>();
    for (const device of devices) {
      const count = byDistrict.get(device.district) ?? { online: 0, offline: 0, registered: 0 };
      count.registered += 1;
      const state = conditions.get(device.id)?.state;
      if (state === 'online' || state === 'offline') count[state] += 1;
      byDistrict.set(device.district, count);
    }
    return byDistrict;
  }, [devices, conditions]);

  const previous = useRef<ReadonlyMap<string, MarkerState>>(new Map());
  const states = useMemo(() => {
    const severities = worstAlarmByDevice(alarms.values(), at);
    const next = new Map<string, MarkerState>();
    for (const device of placed) next.set(device.id, deviceState(roomKinds.spec(device.kind), conditions.get(device.id), latest.get(device.id), severities.get(device.id), at));
    // Same picture, same object: the map redraws its markers only when one really changes.
    if (sameStates(next, previous.current)) return previous.current;
    previous.current = next;
    return next;
  }, [placed, conditions, latest, alarms, at, roomKinds]);

  const shownKinds = useMemo(() => markerKinds(scene, roomKinds), [scene, roomKinds]);
  const markers = useMemo(() => {
    const order = (state: MarkerState) => markerPaintRank[state];
    return placed
      .filter((d) => shownKinds.includes(d.kind))
      .map((d): MapMarker => ({ id: d.id, at: d.at, state: states.get(d.id) ?? 'unknown' }))
      .sort((a, b) => order(a.state) - order(b.state) || a.id.localeCompare(b.id));
  }, [placed, shownKinds, states]);

  const alarmMarkers = useMemo(() => {
    const byId = new Map(placed.map((d) => [d.id, d]));
    return alarmSpots(alarms.values(), byId, wall.inner, at).map((spot): MapMarker => ({ id: spot.id, at: spot.at, state: spot.severity }));
  }, [placed, alarms, wall, at]);

  return { statuses, counts, devices, states, markers, alarms: alarmMarkers };
}
