import { afterEach, describe, expect, it, vi } from 'vitest';
import { deviceTopic, kotaTangerang, parseDeviceTopic, type ReportedSettings, type SettingsMessage } from '@kendali/contracts';
import { startSimulation } from './simulation';
import { buildFleet, type FleetDevice } from './fleet';
import type { Simulation } from './simulation-types';
import { startRealBroker, type RealBroker } from './testing/real-broker';

let running: RealBroker | undefined;
let simulation: Simulation | undefined;
afterEach(async () => {
  await simulation?.stop();
  simulation = undefined;
  await running?.close();
  running = undefined;
});

const fleet = buildFleet({ devices: 40, seed: 3, cities: [kotaTangerang] });
const firstOf = (kind: string): FleetDevice => {
  const device = fleet.find((candidate) => candidate.kind === kind);
  if (!device) throw new Error(`no ${kind} in the fleet`);
  return device;
};
const light = firstOf('street-light');
const ap = firstOf('wifi-ap');
// 20:00 WIB: the photocells of Tangerang have every lamp lit (sunset is near 18:00 all year).
const eveningMs = Date.parse('2026-03-02T20:00:00+07:00');
const ownSchedule = [
  { from: '04:30', level: 1 },
  { from: '23:00', level: 0.6 },
];

/** What the broker hears from the devices: telemetry and settings reports, by device. */
function listen(broker: RealBroker['broker']) {
  const heard = { telemetry: new Map<string, Record<string, unknown>[]>(), reported: new Map<string, ReportedSettings[]>() };
  const add = <T>(map: Map<string, T[]>, id: string, value: T) => map.set(id, [...(map.get(id) ?? []), value]);
  broker.on('publish', (packet) => {
    const topic = parseDeviceTopic(packet.topic);
    if (topic === undefined) return;
    const text = packet.payload.toString();
    if (topic.channel === 'telemetry') add(heard.telemetry, topic.deviceId, JSON.parse(text) as Record<string, unknown>);
    if (topic.channel === 'settings/reported') add(heard.reported, topic.deviceId, JSON.parse(text) as ReportedSettings);
  });
  return heard;
}

/** Publishes desired settings as Kendali does: retained, QoS1. */
const desire = (broker: RealBroker['broker'], deviceId: string, message: SettingsMessage) =>
  new Promise<void>((resolve) =>
    broker.publish({ cmd: 'publish', topic: deviceTopic(deviceId, 'settings'), payload: Buffer.from(JSON.stringify(message)), qos: 1, retain: true, dup: false }, () => resolve()),
  );

async function start(options: { rate?: number; ignoreSettings?: string[] } = {}) {
  running = await startRealBroker();
  const heard = listen(running.broker);
  simulation = await startSimulation({
    url: running.url,
    fleet: [light, ap],
    ratePerDeviceHz: options.rate ?? 20,
    clockStartMs: eveningMs,
    ...(options.ignoreSettings ? { ignoreSettings: options.ignoreSettings } : {}),
  });
  return heard;
}

describe('simulated devices apply desired settings and report what they run', () => {
  it('a street light reports its own schedule at connect (at 20 Hz no whole-second interval), then runs and reports a schedule it is given', async () => {
    const heard = await start();
    await vi.waitFor(() => expect(heard.reported.get(light.id)).toEqual([{ settings: { dimmingSchedule: ownSchedule } }]));
    await vi.waitFor(() => expect(heard.telemetry.get(light.id)?.length).toBeGreaterThan(0));
    expect(heard.telemetry.get(light.id)!.every((reading) => reading.dimmingLevel === 1)).toBe(true); // 20:00: full, as its own schedule says

    const schedule = [
      { from: '19:00', level: 0.3 },
      { from: '22:00', level: 0.8 },
    ];
    await desire(running!.broker, light.id, { version: 4, settings: { dimmingSchedule: schedule }, at: Date.now() });
    await vi.waitFor(() => expect(heard.reported.get(light.id)).toHaveLength(2));
    expect(heard.reported.get(light.id)![1]).toEqual({ version: 4, settings: { dimmingSchedule: schedule } });
    const appliedAt = heard.telemetry.get(light.id)!.length;
    await vi.waitFor(() => expect(heard.telemetry.get(light.id)!.length).toBeGreaterThan(appliedAt + 2));
    const after = heard.telemetry.get(light.id)!.slice(appliedAt + 1); // one reading may have been on its way
    expect(after.map((reading) => reading.dimmingLevel)).toEqual(after.map(() => 0.3));
  });

  it('a retained reporting interval is applied on connect; a setting it does not know and a value it cannot run are reported as it runs', async () => {
    running = await startRealBroker();
    const heard = listen(running.broker);
    await desire(running.broker, ap.id, { version: 2, settings: { reportIntervalS: 1, channelWidthMHz: 40 }, at: Date.now() });
    await desire(running.broker, light.id, { version: 7, settings: { reportIntervalS: 0, dimmingSchedule: [{ from: '25:00', level: 0.5 }] }, at: Date.now() });
    simulation = await startSimulation({ url: running.url, fleet: [light, ap], ratePerDeviceHz: 0.05, clockStartMs: eveningMs }); // every 20 s

    await vi.waitFor(() => expect(heard.reported.get(ap.id)).toEqual([{ settings: { reportIntervalS: 20 } }, { version: 2, settings: { reportIntervalS: 1 } }]));
    await vi.waitFor(() => expect(heard.reported.get(light.id)).toEqual([{ settings: { reportIntervalS: 20, dimmingSchedule: ownSchedule } }, { version: 7, settings: { reportIntervalS: 20, dimmingSchedule: ownSchedule } }]));
    // At the old interval three readings would take 40 s at least; the wait gives up after 10.
    await vi.waitFor(() => expect(heard.telemetry.get(ap.id)?.length ?? 0).toBeGreaterThanOrEqual(3), { timeout: 10_000 });
  }, 20_000);

  it('a device told to ignore settings applies nothing and keeps reporting what it ran with', async () => {
    const heard = await start({ ignoreSettings: [light.id] });
    await vi.waitFor(() => expect(heard.reported.get(light.id)).toHaveLength(1));
    await desire(running!.broker, light.id, { version: 1, settings: { dimmingSchedule: [{ from: '00:00', level: 0.2 }] }, at: Date.now() });
    await vi.waitFor(() => expect(heard.reported.get(light.id)).toHaveLength(2));
    expect(heard.reported.get(light.id)![1]).toEqual({ settings: { dimmingSchedule: ownSchedule } });
    const toldAt = heard.telemetry.get(light.id)?.length ?? 0;
    await vi.waitFor(() => expect(heard.telemetry.get(light.id)?.length ?? 0).toBeGreaterThan(toldAt + 2));
    expect(heard.telemetry.get(light.id)!.slice(toldAt).some((reading) => reading.dimmingLevel === 0.2)).toBe(false);
  });
});
