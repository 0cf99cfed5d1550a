import { describe, expect, it } from 'vitest';
import { kotaTangerang, siagaLevel } from '@kendali/contracts';
import type { SiagaLevel } from '@kendali/contracts';
import { buildFleet } from '../fleet';
import { mulberry32 } from '../prng';
import { composeTelemetry, newComposeState } from '../payload/compose-telemetry';
import { gateOfDevice } from '../signals/river';
import { planScenarios } from './scenario-plan';

const fleet = buildFleet({ devices: 200, seed: 1 });
const plan = planScenarios({ fleet, city: kotaTangerang, seed: 1, scenarios: ['flood'] });
/** Monday 12 January 2026, 10:00 WIB: a dry morning for seed 1. */
const startMs = Date.UTC(2026, 0, 12, 3);

/** Drill seconds at which each post first reports each Siaga level, reading once a second like a live device. */
function firstCrossings(deviceId: string, untilS: number): Map<SiagaLevel, number> {
  const device = fleet.find((candidate) => candidate.id === deviceId);
  if (!device) throw new Error(`no device ${deviceId}`);
  const gate = gateOfDevice(device);
  const state = newComposeState();
  const random = mulberry32(2);
  const crossings = new Map<SiagaLevel, number>();
  for (let second = 0; second <= untilS; second++) {
    const wallMs = startMs + second * 1000;
    const payload = composeTelemetry({ device, script: plan.scriptFor(device), simMs: wallMs, wallMs, drillMs: second * 1000, random, weatherSeed: 1, senml: false, state });
    const { waterLevelCm } = JSON.parse(payload) as { waterLevelCm: number };
    const level = siagaLevel(gate, waterLevelCm);
    if (!crossings.has(level)) crossings.set(level, second);
  }
  return crossings;
}

describe('the flood drill', () => {
  it('takes every Cisadane post through Siaga 3, 2 and 1 in that order, Siaga 3 within 30 s', () => {
    for (const id of ['wl-cisadane-kelapa-indah', 'wl-pintu-air-10', 'wl-cisadane-sewan', 'wl-pintu-air-10-2']) {
      const crossings = firstCrossings(id, 400);
      expect(crossings.get(4), id).toBe(0);
      const [siaga3, siaga2, siaga1] = [crossings.get(3), crossings.get(2), crossings.get(1)];
      expect(siaga3, id).toBeLessThanOrEqual(30);
      expect(siaga2, id).toBeGreaterThan(siaga3 ?? Infinity);
      expect(siaga1, id).toBeGreaterThan(siaga2 ?? Infinity);
      expect(siaga1, id).toBeLessThan(200);
    }
  });

  it('reaches the posts upstream first', () => {
    const siaga3At = (id: string) => firstCrossings(id, 60).get(3) ?? Infinity;
    expect(siaga3At('wl-cisadane-kelapa-indah')).toBeLessThan(siaga3At('wl-pintu-air-10'));
    expect(siaga3At('wl-pintu-air-10')).toBeLessThan(siaga3At('wl-cisadane-sewan'));
  });

  it('swells the other rivers without an alert, and ends with the Cisadane back to normal', () => {
    for (const id of ['wl-kali-ledug', 'wl-kali-sabi', 'wl-alamanda', 'wl-cipulir-estate']) {
      expect([...firstCrossings(id, 400).keys()], id).toEqual([4]);
    }
    const device = fleet.find((candidate) => candidate.id === 'wl-pintu-air-10');
    if (!device) throw new Error('no Pintu Air 10');
    const script = plan.scriptFor(device);
    const late = composeTelemetry({ device, script, simMs: startMs, wallMs: startMs, drillMs: 1_600_000, random: mulberry32(1), weatherSeed: 1, senml: false, state: newComposeState() });
    expect(siagaLevel(gateOfDevice(device), (JSON.parse(late) as { waterLevelCm: number }).waterLevelCm)).toBe(4);
  });

  it('leaves every other kind alone', () => {
    const light = fleet.find((device) => device.kind === 'street-light');
    if (!light) throw new Error('no street light');
    const fields = { lampOn: true, dimmingLevel: 1, powerW: 90, lampFault: false };
    expect(plan.scriptFor(light).shape(fields, 100_000)).toBe(fields);
  });
});
