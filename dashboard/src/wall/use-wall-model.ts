import type { ThresholdsOf } from '@kendali/contracts';
import { useCallback, useMemo, useRef } from 'react';
import { serangModel, tangerangModel } from '../map/city-models';
import type { PlacedDevice } from '../map/device-markers';
import { alarmSeverityByDevice, markerState, placeDevices } from '../map/device-markers';
import type { MarkerState } from '../status/status-look';
import type { LiveState } from '../telemetry/live-state';
import { useHeldFor } from '../use-sampled';
import type { DistrictStatus } from './district-conditions';
import { openAlarmsByDistrict, readingsByDistrict, sceneKinds, statusesOf } from './district-conditions';
import type { SceneId } from './wall-params';

export interface WallModel {
  readonly statuses: readonly DistrictStatus[];
  /** The districts of the Kota Serang inset. */
  readonly serangStatuses: readonly DistrictStatus[];
  /** Devices the scene draws. */
  readonly devices: readonly PlacedDevice[];
  readonly states: ReadonlyMap<string, MarkerState>;
}

function sameStates(a: ReadonlyMap<string, MarkerState>, b: ReadonlyMap<string, MarkerState>): boolean {
  if (a.size !== b.size) return false;
  for (const [id, state] of a) if (b.get(id) !== state) return false;
  return true;
}

const ageStepMs = 5_000; // values age into "stale" on this step even when no frame changes anything
// Shading and markers follow the readings once a second, not on each of the two redraws a second:
// grouping 5,000 readings and their district figures was the largest share of every redraw.
const readingsPeriodMs = 1_000;

/** District figures and device markers of the wall's map, recomputed only when their inputs change. */
export function useWallModel(live: LiveState, scene: SceneId, now: number): WallModel {
  const at = Math.floor(now / ageStepMs) * ageStepMs;
  const latest = useHeldFor(live.latest, Math.floor(now / readingsPeriodMs));
  const { devices: known, alarms } = live;
  const thresholdsOf = useCallback<ThresholdsOf>((id) => known.get(id)?.siaga ?? null, [known]);
  const readings = useMemo(() => readingsByDistrict(latest.values()), [latest]);
  const open = useMemo(() => openAlarmsByDistrict(alarms.values(), at), [alarms, at]);
  const statuses = useMemo(() => statusesOf(tangerangModel, readings, open, thresholdsOf, at), [readings, open, thresholdsOf, at]);
  const serangStatuses = useMemo(() => statusesOf(serangModel, readings, open, thresholdsOf, at), [readings, open, thresholdsOf, at]);

  const placed = useMemo(() => placeDevices(tangerangModel, known.values()), [known]);
  const kinds = sceneKinds[scene];
  const devices = useMemo(() => (kinds === null ? placed : placed.filter((d) => kinds.includes(d.kind))), [placed, kinds]);

  const previous = useRef<ReadonlyMap<string, MarkerState>>(new Map());
  const states = useMemo(() => {
    const severities = alarmSeverityByDevice(alarms.values(), at);
    const next = new Map<string, MarkerState>();
    for (const device of placed) next.set(device.id, markerState(device.kind, live.conditions.get(device.id), latest.get(device.id), severities.get(device.id), at));
    // Same picture, same object: the canvas is repainted only when a marker really changes.
    if (sameStates(next, previous.current)) return previous.current;
    previous.current = next;
    return next;
  }, [placed, live.conditions, latest, alarms, at]);

  return { statuses, serangStatuses, devices, states };
}
