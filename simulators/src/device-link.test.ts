import { afterEach, describe, expect, it, vi } from 'vitest';
import { kotaTangerang, parseDeviceTopic } from '@kendali/contracts';
import { exponentialBackoff } from './backoff';
import { connectDevice } from './device-link';
import type { DeviceLink } from './device-link';
import { runDevice } from './device-runner';
import { buildFleet } from './fleet';
import { mulberry32 } from './prng';
import { planScenarios } from './scenarios/scenario-plan';
import { createSimClock } from './sim-clock';
import type { SimulationCounters } from './simulation-types';
import { startRealBroker } from './testing/real-broker';
import type { RealBroker } from './testing/real-broker';

let running: RealBroker | undefined;
let link: DeviceLink | undefined;
afterEach(async () => {
  await link?.stop(AbortSignal.timeout(1_000));
  link = undefined;
  await running?.close();
  running = undefined;
});

const counters = (): SimulationCounters => ({ connected: 0, sent: 0, acknowledged: 0, failed: 0, rejected: 0, reconnects: 0 });
const [device] = buildFleet({ devices: 5 }).filter((candidate) => candidate.kind === 'water-level');

function connect(url: string, totals: SimulationCounters, tap?: (deviceId: string, channel: 'telemetry' | 'status', payload: string) => void): Promise<DeviceLink> {
  if (!device) throw new Error('no water-level device');
  return connectDevice({
    url,
    device,
    credentials: undefined,
    qos: 1,
    counters: totals,
    onEvent: () => undefined,
    connectTimeoutMs: 2_000,
    backoff: exponentialBackoff({ initialMs: 100, maxMs: 400, random: mulberry32(1) }),
    maxBufferedMessages: 10,
    tap,
    signal: undefined,
  });
}

/** Status payloads the broker publishes for a device, wills included. */
function watchStatus(broker: RealBroker['broker']): string[] {
  const statuses: string[] = [];
  broker.on('publish', (packet) => {
    if (parseDeviceTopic(packet.topic)?.channel === 'status') statuses.push(packet.payload.toString());
  });
  return statuses;
}

describe('a device link, like hardware', () => {
  it('reconnects with back-off when the connection drops and sends again what was in flight (QoS 1, persistent session)', async () => {
    let swallowed = 0;
    const seen: { payload: string; messageId: number | undefined }[] = [];
    running = await startRealBroker({
      authorizePublish: (client, packet, callback) => {
        if (parseDeviceTopic(packet.topic)?.channel !== 'telemetry') return callback(null);
        seen.push({ payload: packet.payload.toString(), messageId: packet.messageId });
        // The first telemetry message is never acknowledged: the connection dies under it.
        if (swallowed++ === 0) return void client?.conn.destroy();
        callback(null);
      },
    });
    const totals = counters();
    link = await connect(running.url, totals);
    link.publishTelemetry('{"waterLevelCm":201}');
    await vi.waitFor(() => expect(totals.acknowledged).toBe(1), { timeout: 5_000 });
    expect(totals).toMatchObject({ sent: 1, acknowledged: 1, failed: 0, connected: 1 });
    expect(totals.reconnects).toBeGreaterThanOrEqual(1);
    // The same message (same packet id) arrived twice: once under the dying connection, once after reconnecting.
    expect(seen.map((packet) => packet.payload)).toEqual(['{"waterLevelCm":201}', '{"waterLevelCm":201}']);
    expect(seen[1]?.messageId).toBe(seen[0]?.messageId);
  });

  it('keeps readings taken while disconnected and delivers them after reconnecting', async () => {
    running = await startRealBroker();
    const totals = counters();
    link = await connect(running.url, totals);
    link.dropConnection();
    await vi.waitFor(() => expect(totals.connected).toBe(0));
    for (let reading = 0; reading < 3; reading++) link.publishTelemetry(`{"waterLevelCm":${200 + reading}}`);
    await vi.waitFor(() => expect(totals.acknowledged).toBe(3), { timeout: 5_000 });
    expect(totals.failed).toBe(0);
  });

  it('loses power in a drill: the broker publishes its last will, it stays silent, then boots and says online again', async () => {
    running = await startRealBroker();
    const statuses = watchStatus(running.broker);
    const heard: string[] = []; // what the broker received, in order: status payloads, and telemetry as `telemetry <payload>`
    running.broker.on('publish', (packet, client) => {
      const channel = parseDeviceTopic(packet.topic)?.channel;
      if (channel === 'status') heard.push(packet.payload.toString());
      else if (client && channel === 'telemetry') heard.push(`telemetry ${packet.payload.toString()}`);
    });
    const taken: string[] = []; // what the device did, in order: its status changes, and telemetry as it took it
    const totals = counters();
    link = await connect(running.url, totals, (_deviceId, channel, payload) => taken.push(channel === 'status' ? payload : `telemetry ${payload}`));
    // The power's return, in the same list: once powered the device may take a reading before it has connected.
    const powerOn = link.powerOn.bind(link);
    link.powerOn = (bootDelayMs) => {
      taken.push('power on');
      powerOn(bootDelayMs);
    };
    if (!device) throw new Error('no device');
    const script = { shape: planScenarios({ fleet: [device], city: kotaTangerang, seed: 1, scenarios: [] }).scriptFor(device).shape, fault: undefined, powerCuts: [{ fromDrillMs: 300, untilDrillMs: 1_000, cause: 'district-blackout' as const }] };
    const runner = runDevice({ device, link, script, clock: createSimClock(), periodMs: 50, flatOutWindow: undefined, random: mulberry32(1), weatherSeed: 1, senml: false, failCommands: false, ignoreSettings: false });
    runner.start(0);
    await vi.waitFor(() => expect(statuses).toEqual(['online', 'offline', 'online']), { timeout: 3_000 });
    const sentAfterBoot = totals.sent;
    await vi.waitFor(() => expect(totals.sent).toBeGreaterThan(sentAfterBoot + 3));
    // Dark means silent: the device took no reading between losing power and getting it back...
    const cutAt = taken.indexOf('offline');
    expect(taken.slice(cutAt, taken.indexOf('power on', cutAt))).toEqual(['offline']);
    expect(taken.indexOf('online', cutAt)).toBeGreaterThan(taken.indexOf('power on', cutAt));
    const takenBeforeCut = taken.slice(0, cutAt).filter((entry) => entry.startsWith('telemetry'));
    expect(takenBeforeCut.length).toBeGreaterThan(0);
    // ...and the broker heard none between the last will and the boot's online, except a reading still in
    // flight when the power went, which the device keeps and sends again once it has a connection.
    const dark = heard.slice(heard.indexOf('offline'), heard.lastIndexOf('online'));
    expect(dark[0]).toBe('offline');
    for (const entry of dark.slice(1)) expect(takenBeforeCut).toContain(entry);
    expect(heard.slice(0, heard.indexOf('offline')).some((entry) => entry.startsWith('telemetry'))).toBe(true);
    runner.halt();
    expect(totals.failed).toBe(0);
  });
});
