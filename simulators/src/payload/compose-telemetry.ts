import type { FieldValue } from '@kendali/contracts';
import { applyControl, type DeviceControl } from '../device-commands';
import type { FleetDevice } from '../fleet';
import type { Random } from '../prng';
import { sampleReading } from '../sample-reading';
import type { DeviceScript } from '../scenarios/scenario-plan';
import { clockSkewMs, faultStartMs, malformedEvery, outOfRangeEvery, outOfRangeValue } from '../scenarios/sensor-faults';
import { cityHourOfDay } from '../signals/city-clock';
import { encodeSenml } from './senml-encode';

/** What one device remembers between messages (a stuck sensor's frozen values, how many it sent). */
export interface ComposeState {
  messages: number;
  stuckFields: Record<string, FieldValue> | undefined;
}

export const newComposeState = (): ComposeState => ({ messages: 0, stuckFields: undefined });

export interface ComposeInput {
  readonly device: FleetDevice;
  readonly script: DeviceScript;
  /** Simulated time: shapes the day. */
  readonly simMs: number;
  /** Real time: the reading's `ts` (ingest refuses timestamps far from its own clock). */
  readonly wallMs: number;
  /** Real time since the simulators started: drives the drills. */
  readonly drillMs: number;
  readonly random: Random;
  readonly weatherSeed: number;
  readonly senml: boolean;
  readonly state: ComposeState;
  /** What commands and settings have set (a street light's dimming). */
  readonly control?: DeviceControl;
}

/** One telemetry payload: the reading, changed by the drills and the device's fault, as JSON or SenML. */
export function composeTelemetry(input: ComposeInput): string {
  const { device, script, drillMs, state } = input;
  const faulty = drillMs >= faultStartMs ? script.fault : undefined;
  const message = state.messages++;
  const sampled = script.shape(sampleReading(device, input.simMs, input.random, input.weatherSeed), drillMs);
  let fields = input.control ? applyControl(sampled, input.control, input.simMs, () => cityHourOfDay(input.simMs, device.timeZone)) : sampled;
  if (faulty === 'stuck') fields = state.stuckFields ??= fields;
  if (faulty === 'out-of-range' && message % outOfRangeEvery === 0) {
    const { field, value } = outOfRangeValue(device.kind);
    fields = { ...fields, [field]: value };
  }
  const tsMs = input.wallMs + (faulty === 'clock-skew' ? clockSkewMs : 0);
  const payload = JSON.stringify(input.senml ? encodeSenml(device.id, device.kind, tsMs, fields) : { ts: tsMs, ...fields });
  // A message cut short, as a device with a full buffer or a bad serial line sends it.
  return faulty === 'malformed' && message % malformedEvery === 0 ? payload.slice(0, Math.floor(payload.length / 2)) : payload;
}
