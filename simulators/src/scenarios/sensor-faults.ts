import { builtInKinds, requireKind } from '@kendali/contracts';
import type { DeviceKind, FieldValue } from '@kendali/contracts';
import type { SimulatedDevice } from '../fleet';
import { hashString } from '../prng';

/** What goes wrong with a faulty device. */
export const sensorFaultKinds = ['stuck', 'out-of-range', 'malformed', 'clock-skew', 'flapping'] as const;
export type SensorFaultKind = (typeof sensorFaultKinds)[number];

/** Faults start this long after the simulators (drill time). */
export const faultStartMs = 10_000;
/** A real-time clock running 10 minutes fast: beyond ingest's 5-minute limit on future timestamps. */
export const clockSkewMs = 10 * 60_000;
/** Every third reading of an out-of-range device, and every fourth message of a malformed one, is bad. */
export const outOfRangeEvery = 3;
export const malformedEvery = 4;
/** A flapping device loses its connection this often (and reconnects with back-off). */
export const flapEveryMs = 20_000;
const faultyShare = 0.02;
const minimumFaulty = sensorFaultKinds.length;

/** About 2 % of the fleet (at least one device per fault kind), each with one fault, round-robin. */
export function planSensorFaults(fleet: readonly SimulatedDevice[], seed: number): Map<string, SensorFaultKind> {
  const count = Math.min(fleet.length, Math.max(minimumFaulty, Math.round(fleet.length * faultyShare)));
  const ranked = [...fleet].sort((a, b) => hashString(`fault:${seed}:${a.id}`) - hashString(`fault:${seed}:${b.id}`));
  return new Map(ranked.slice(0, count).map((device, index) => [device.id, sensorFaultKinds[index % sensorFaultKinds.length] as SensorFaultKind]));
}

/** The field a broken sensor of this kind garbles, and the impossible value it reports (half again its contract's maximum). */
export function outOfRangeValue(kind: DeviceKind): { readonly field: string; readonly value: FieldValue } {
  const ranged = Object.entries(requireKind(builtInKinds, kind).fields).find(([, spec]) => spec.type !== 'boolean' && spec.max !== undefined);
  if (!ranged) throw new Error(`kind ${kind} has no field with a maximum`);
  const [field, spec] = ranged;
  return { field, value: Math.ceil((spec.max ?? 0) * 1.5) + 1 };
}
