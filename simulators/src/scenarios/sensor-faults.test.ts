import { describe, expect, it } from 'vitest';
import { builtInKinds, requireKind, kotaTangerang } from '@kendali/contracts';
import { buildFleet } from '../fleet';
import type { FleetDevice } from '../fleet';
import { composeTelemetry, newComposeState } from '../payload/compose-telemetry';
import { mulberry32 } from '../prng';
import { planScenarios } from './scenario-plan';
import { clockSkewMs, sensorFaultKinds } from './sensor-faults';
import type { SensorFaultKind } from './sensor-faults';

const fleet = buildFleet({ devices: 300, seed: 1 });
const plan = planScenarios({ fleet, city: kotaTangerang, seed: 1, scenarios: ['sensor-faults'] });
const startMs = Date.UTC(2026, 0, 12, 3);

/** A faulty device's payloads once a second over the first minute of the drill. */
function messages(device: FleetDevice): { drillMs: number; wallMs: number; payload: string }[] {
  const state = newComposeState();
  const random = mulberry32(5);
  return Array.from({ length: 60 }, (_, second) => {
    const wallMs = startMs + second * 1000;
    const drillMs = second * 1000;
    return { drillMs, wallMs, payload: composeTelemetry({ device, script: plan.scriptFor(device), simMs: wallMs, wallMs, drillMs, random, weatherSeed: 1, senml: false, state }) };
  });
}

function faulty(kind: SensorFaultKind): FleetDevice {
  const device = fleet.find((candidate) => plan.scriptFor(candidate).fault === kind);
  if (!device) throw new Error(`no device with fault ${kind}`);
  return device;
}

const parse = (payload: string): Record<string, unknown> => JSON.parse(payload) as Record<string, unknown>;

describe('the sensor-faults drill', () => {
  it('gives about 2 % of the fleet a fault, every kind of fault at least once', () => {
    const faults = fleet.map((device) => plan.scriptFor(device).fault).filter((fault) => fault !== undefined);
    expect(faults).toHaveLength(6);
    expect(new Set(faults)).toEqual(new Set(sensorFaultKinds));
  });

  it('freezes a stuck sensor’s values from 10 s on, with fresh timestamps', () => {
    const all = messages(faulty('stuck'));
    const after = all.filter(({ drillMs }) => drillMs >= 10_000).map(({ payload }) => parse(payload));
    const { ts: _first, ...frozen } = after[0] ?? {};
    for (const message of after) expect(message).toEqual({ ...frozen, ts: expect.any(Number) });
    expect(new Set(after.map((message) => message.ts)).size).toBe(after.length);
    expect(new Set(all.slice(0, 10).map(({ payload }) => JSON.stringify({ ...parse(payload), ts: 0 }))).size).toBeGreaterThan(1);
  });

  it('sends an impossible value every third reading', () => {
    const device = faulty('out-of-range');
    const [field, spec] = Object.entries(requireKind(builtInKinds, device.kind).fields).find(([, candidate]) => candidate.max !== undefined) ?? [];
    const values = messages(device).filter(({ drillMs }) => drillMs >= 10_000).map(({ payload }) => parse(payload)[field ?? ''] as number);
    const beyond = values.filter((value) => value > (spec?.max ?? Infinity));
    expect(beyond.length).toBeGreaterThanOrEqual(Math.floor(values.length / 3));
    expect(beyond.length).toBeLessThanOrEqual(Math.ceil(values.length / 3));
  });

  it('cuts every fourth message short', () => {
    const payloads = messages(faulty('malformed')).filter(({ drillMs }) => drillMs >= 10_000).map(({ payload }) => payload);
    const broken = payloads.filter((payload) => {
      try {
        JSON.parse(payload);
        return false;
      } catch {
        return true;
      }
    });
    expect(broken.length).toBeGreaterThanOrEqual(Math.floor(payloads.length / 4));
    expect(broken.length).toBeLessThanOrEqual(Math.ceil(payloads.length / 4));
  });

  it('stamps readings 10 minutes ahead once the clock runs fast', () => {
    for (const { drillMs, wallMs, payload } of messages(faulty('clock-skew'))) {
      expect(parse(payload).ts).toBe(drillMs >= 10_000 ? wallMs + clockSkewMs : wallMs);
    }
  });

  it('marks a flapping device for its runner (its connection drops every 20 s)', () => {
    expect(plan.scriptFor(faulty('flapping')).powerCuts).toEqual([]);
  });
});
