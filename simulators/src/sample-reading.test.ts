import { describe, expect, it } from 'vitest';
import { builtInKinds, requireKind, badung } from '@kendali/contracts';
import type { DeviceKind, FieldValue } from '@kendali/contracts';
import { buildFleet } from './fleet';
import type { FleetDevice } from './fleet';
import { mulberry32 } from './prng';
import { sampleReading } from './sample-reading';
import { gateOfDevice } from './signals/river';

const hourMs = 3_600_000;
/** Monday 12 January 2026, 00:00 WIB (UTC+7). */
const mondayMidnightWibMs = Date.UTC(2026, 0, 11, 17);
const atWib = (hour: number, dayOffset = 0): number => mondayMidnightWibMs + dayOffset * 24 * hourMs + hour * hourMs;

const fleet = buildFleet({ devices: 100, seed: 1 });
const ofKind = (kind: DeviceKind): FleetDevice[] => fleet.filter((device) => device.kind === kind);
const mean = (values: number[]): number => values.reduce((sum, value) => sum + value, 0) / values.length;
const numberField = (reading: Readonly<Record<string, FieldValue>>, name: string): number => {
  const value = reading[name];
  if (typeof value !== 'number') throw new Error(`${name} is not a number`);
  return value;
};

describe('sampleReading', () => {
  it('replays the same values from the same seed', () => {
    const run = () => fleet.map((device) => sampleReading(device, atWib(8), mulberry32(9)));
    expect(run()).toEqual(run());
  });

  it('matches recorded readings at 08:00 WIB on a Monday', () => {
    const at = atWib(8);
    const [, junction, , station] = buildFleet({ devices: 5, seed: 1 });
    if (!junction || !station) throw new Error('the five-device fleet changed');
    expect(sampleReading(station, at, mulberry32(7))).toEqual({
      pm25: 25.3, pm10: 36.4, o3: 22.2, no2: 47.4, so2: 11.5, co: 1905, temperatureC: 28.8, humidityPct: 76.3, pressureHpa: 1012.1,
    });
    expect(sampleReading(junction, at, mulberry32(7))).toEqual({
      vehicleCount: 58, intervalS: 60, occupancy: 0.47, avgSpeedKmh: 35.5, congested: false,
    });
    const [, , accessPoint, , post] = buildFleet({ devices: 5, seed: 1 });
    if (!accessPoint || !post) throw new Error('the five-device fleet changed');
    expect(sampleReading(post, at, mulberry32(7))).toEqual({ waterLevelCm: 195.1, sensorDistanceCm: 516.5, rainfallMmPerHour: 0, batteryV: 12.6 });
    expect(sampleReading(accessPoint, at, mulberry32(7))).toMatchObject({ clients: 7, channel: 40, txPowerDbm: 17 });
  });

  it('gives every field of the kind, in range and of the contract type, round the clock for two days', () => {
    const random = mulberry32(11);
    const problems: string[] = [];
    let samples = 0;
    // Every 20 minutes over a Friday and a Saturday (weekday and weekend shapes).
    for (let atMs = atWib(0, 4); atMs < atWib(0, 6); atMs += 20 * 60_000) {
      for (const device of fleet) {
        const reading = sampleReading(device, atMs, random);
        const fields = requireKind(builtInKinds, device.kind).fields;
        if (Object.keys(reading).join() !== Object.keys(fields).join()) problems.push(`${device.id}: fields ${Object.keys(reading).join()}`);
        for (const [name, spec] of Object.entries(fields)) {
          const value = reading[name];
          const where = `${device.id}.${name} = ${String(value)} at ${new Date(atMs).toISOString()}`;
          if (spec.type === 'boolean') {
            if (typeof value !== 'boolean') problems.push(`${where}: not a boolean`);
          } else if (typeof value !== 'number' || !Number.isFinite(value)) {
            problems.push(`${where}: not a finite number`);
          } else {
            if (spec.type === 'integer' && !Number.isInteger(value)) problems.push(`${where}: not an integer`);
            if (spec.min !== undefined && value < spec.min) problems.push(`${where}: below ${spec.min}`);
            if (spec.max !== undefined && value > spec.max) problems.push(`${where}: above ${spec.max}`);
          }
        }
        samples++;
      }
    }
    expect(problems.slice(0, 10)).toEqual([]);
    expect(samples).toBe(144 * fleet.length);
  });

  it('stays in the ranges Tangerang sees (DOMAIN.md)', () => {
    const random = mulberry32(5);
    const hours = Array.from({ length: 24 * 7 }, (_, hour) => atWib(hour));
    const air = ofKind('air-quality').flatMap((device) => hours.map((at) => sampleReading(device, at, random)));
    const pm25 = air.map((reading) => numberField(reading, 'pm25'));
    expect(mean(pm25)).toBeGreaterThan(20);
    expect(mean(pm25)).toBeLessThan(60);
    expect(Math.min(...air.map((reading) => numberField(reading, 'temperatureC')))).toBeGreaterThan(23);
    expect(Math.max(...air.map((reading) => numberField(reading, 'temperatureC')))).toBeLessThan(36);
    expect(Math.min(...air.map((reading) => numberField(reading, 'humidityPct')))).toBeGreaterThan(55);
    // Without a drill, every post stays around its gate's normal level, below Siaga 3.
    for (const device of ofKind('water-level')) {
      const gate = gateOfDevice(device);
      const levels = hours.map((at) => numberField(sampleReading(device, at, random), 'waterLevelCm'));
      expect(Math.min(...levels), device.id).toBeGreaterThan(gate.normalCm - 0.3 * (gate.siaga3Cm - gate.normalCm));
      expect(Math.max(...levels), device.id).toBeLessThan(gate.siaga3Cm);
    }
  });

  it("switches street lights on at dusk and off at dawn, each within minutes of the city's sunset and sunrise", () => {
    // Kota Tangerang on 12 January 2026: sunrise about 05:48, sunset about 18:15 WIB (NOAA solar calculator).
    for (const device of ofKind('street-light')) {
      expect(sampleReading(device, atWib(17.75), mulberry32(1)).lampOn).toBe(false);
      expect(sampleReading(device, atWib(18.75), mulberry32(1)).lampOn).toBe(true);
      expect(sampleReading(device, atWib(5.25), mulberry32(1)).lampOn).toBe(true);
      expect(sampleReading(device, atWib(6.33), mulberry32(1)).lampOn).toBe(false);
      expect(sampleReading(device, atWib(12), mulberry32(1)).dimmingLevel).toBe(0);
    }
    // Badung on 15 June 2026 keeps WITA and a later sun: sunrise about 06:31, sunset about 18:08 WITA.
    const wita = (iso: string) => Date.parse(`2026-06-15T${iso}+08:00`);
    const lights = buildFleet({ devices: 60, city: badung }).filter((device) => device.kind === 'street-light');
    expect(lights.length).toBeGreaterThan(10);
    for (const device of lights) {
      expect(device.timeZone).toBe('Asia/Makassar');
      expect(sampleReading(device, wita('06:00'), mulberry32(1)).lampOn).toBe(true); // 05:00 WIB: the old fixed WIB hours said on too
      expect(sampleReading(device, wita('07:00'), mulberry32(1)).lampOn).toBe(false);
      expect(sampleReading(device, wita('17:35'), mulberry32(1)).lampOn).toBe(false);
      expect(sampleReading(device, wita('18:40'), mulberry32(1)).lampOn).toBe(true); // 17:40 WIB: the old fixed hours said off
    }
  });

  it('ties PM2.5 to the traffic: the weekday morning rush is dirtier than the small hours and than a Sunday morning', () => {
    const total = (at: number) => ofKind('air-quality').reduce((sum, device) => sum + numberField(sampleReading(device, at, mulberry32(3)), 'pm25'), 0);
    // Monday 12 January 2026 is dry at 07:30 and 03:00 for weather seed 1; Sunday the 18th too.
    expect(total(atWib(7.5))).toBeGreaterThan(1.3 * total(atWib(3)));
    expect(total(atWib(7.5))).toBeGreaterThan(1.2 * total(atWib(7.5, 6)));
  });

  it('counts more vehicles in the weekday rush than at night, and more Wi-Fi clients in the evening', () => {
    const random = mulberry32(2);
    const total = (kind: DeviceKind, field: string, hour: number) =>
      ofKind(kind).reduce((sum, device) => sum + numberField(sampleReading(device, atWib(hour), random), field), 0);
    expect(total('traffic', 'vehicleCount', 7.5)).toBeGreaterThan(3 * total('traffic', 'vehicleCount', 3));
    expect(total('traffic', 'vehicleCount', 17.5)).toBeGreaterThan(total('traffic', 'vehicleCount', 11));
    expect(total('wifi-ap', 'clients', 20)).toBeGreaterThan(3 * total('wifi-ap', 'clients', 4));
  });

  it('shapes weekends differently: a smaller morning rush, busier parks', () => {
    const random = mulberry32(4);
    const total = (kind: DeviceKind, field: string, hour: number, day: number) =>
      ofKind(kind).reduce((sum, device) => sum + numberField(sampleReading(device, atWib(hour, day), random), field), 0);
    expect(total('traffic', 'vehicleCount', 7.5, 6)).toBeLessThan(0.6 * total('traffic', 'vehicleCount', 7.5, 0));
    expect(total('wifi-ap', 'clients', 20, 5)).toBeGreaterThan(1.1 * total('wifi-ap', 'clients', 20, 1));
  });
});
