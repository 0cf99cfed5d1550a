import { useMemo, useRef } from 'react';
import { tangerangModel } from '../map/city-models';
import type { PlacedDevice } from '../map/device-markers';
import { alarmSeverityByDevice, markerState, placeDevices } from '../map/device-markers';
import type { MarkerState } from '../status/status-look';
import type { LiveState } from '../telemetry/live-state';
import type { DistrictStatus } from './district-conditions';
import { districtStatuses, sceneKinds } from './district-conditions';
import type { SceneId } from './wall-params';

export interface WallModel {
  readonly statuses: readonly DistrictStatus[];
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

/** District figures and device markers of the wall's map, recomputed only when their inputs change. */
export function useWallModel(live: LiveState, scene: SceneId, now: number): WallModel {
  const ageStep = Math.floor(now / ageStepMs);
  const statuses = useMemo(
    () => districtStatuses(tangerangModel, live.latest.values(), live.alarms.values(), (id) => live.devices.get(id)?.siaga ?? null, ageStep * ageStepMs),
    [live.latest, live.alarms, live.devices, ageStep],
  );
  const placed = useMemo(() => placeDevices(tangerangModel, live.devices.values()), [live.devices]);
  const kinds = sceneKinds[scene];
  const devices = useMemo(() => (kinds === null ? placed : placed.filter((d) => kinds.includes(d.kind))), [placed, kinds]);

  const previous = useRef<ReadonlyMap<string, MarkerState>>(new Map());
  const states = useMemo(() => {
    const at = ageStep * ageStepMs;
    const alarms = alarmSeverityByDevice(live.alarms.values(), at);
    const next = new Map<string, MarkerState>();
    for (const device of placed) next.set(device.id, markerState(device.kind, live.conditions.get(device.id), live.latest.get(device.id), alarms.get(device.id), at));
    // Same picture, same object: the canvas is repainted only when a marker really changes.
    if (sameStates(next, previous.current)) return previous.current;
    previous.current = next;
    return next;
  }, [placed, live.conditions, live.latest, live.alarms, ageStep]);

  return { statuses, devices, states };
}
