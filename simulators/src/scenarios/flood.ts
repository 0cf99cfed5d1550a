import type { FieldValue, WaterGate } from '@kendali/contracts';
import type { FleetDevice } from '../fleet';
import { gateOfDevice, levelAtStageCm } from '../signals/river';
import { roundTo } from '../signals/bounds';
import { keyframeValue } from './keyframes';
import type { Keyframes } from './keyframes';

/**
 * The flood drill at the first post of a river whose gates say `floodsInDrill` (the Cisadane in Kota
 * Tangerang), in drill time (real time since the
 * simulators started, times --drill-pace, so the drill plays at the same pace at any --speed): alert stage 0 = normal,
 * 1 = Siaga 3, 2 = Siaga 2, 3 = Siaga 1. Siaga 3 within 20 s, Siaga 2 at ~75 s, Siaga 1 at ~140 s,
 * a crest above Siaga 1 held for a few minutes, back to normal after ~25 minutes. The margins
 * (1.2, 2.2, 3.2) keep a sensor's own offset and noise from hiding the crossing.
 */
const cisadaneFloodStages: Keyframes = [
  [0, 0],
  [4_000, 0],
  [18_000, 1.2],
  [75_000, 2.2],
  [140_000, 3.2],
  [200_000, 3.45],
  [480_000, 3.3],
  [720_000, 1.8],
  [1_200_000, 0.3],
  [1_500_000, 0],
];

/** The wave reaches posts further down the river later: drill ms per river km (a demo's pace, not the river's). */
const floodLagMsPerKm = 1_500;
/** Drains and other rivers swell with the storm but stay below Siaga 3. */
const otherRiverShare = 0.75 / 3.45;
/** Rain at the posts during the drill, mm/h. */
const stormRainfall: Keyframes = [
  [0, 0],
  [3_000, 20],
  [60_000, 55],
  [240_000, 35],
  [480_000, 8],
  [600_000, 0],
];

/** Whether the drill floods this post fully: its gate says so in the city's data, or it is a post of a city without a gate list. */
export function floodsFully(device: FleetDevice): boolean {
  return device.gate === undefined || device.gate.floodsInDrill === true;
}

/** The alert stage the drill puts a gate at, `drillMs` after the start. */
function floodStage(gate: WaterGate, drillMs: number, fully: boolean): number {
  const stage = keyframeValue(cisadaneFloodStages, drillMs - gate.riverKm * floodLagMsPerKm);
  return fully ? stage : stage * otherRiverShare;
}

/** A water-level reading during the flood drill: the level lifted by the drill's stage over normal, the sensor distance shrunk to match, rain. */
export function applyFlood(device: FleetDevice, fields: Record<string, FieldValue>, drillMs: number): Record<string, FieldValue> {
  if (device.kind !== 'water-level') return fields;
  const gate = gateOfDevice(device);
  const stage = floodStage(gate, drillMs, floodsFully(device));
  const liftCm = levelAtStageCm(gate, stage) - gate.normalCm;
  const { waterLevelCm, sensorDistanceCm, rainfallMmPerHour } = fields;
  if (typeof waterLevelCm !== 'number' || typeof sensorDistanceCm !== 'number' || typeof rainfallMmPerHour !== 'number') return fields;
  return {
    ...fields,
    waterLevelCm: roundTo(waterLevelCm + liftCm, 1),
    sensorDistanceCm: roundTo(Math.max(0, sensorDistanceCm - liftCm), 1),
    rainfallMmPerHour: roundTo(Math.max(rainfallMmPerHour, keyframeValue(stormRainfall, drillMs)), 1),
  };
}
