import { afterEach, describe, expect, it, vi } from 'vitest';
import { deviceTopic, kotaTangerang, parseDeviceTopic, type CommandMessage, type CommandResult } from '@kendali/contracts';
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
// 20:00 WIB, a fixed date: lamps lit, and the readings (an AP's uptime among them) the same on every run.
const eveningMs = Date.parse('2026-03-02T20:00:00+07:00');

/** What the broker hears from the devices: telemetry, statuses and answers, by device. */
function listen(broker: RealBroker['broker']) {
  const heard = { telemetry: new Map<string, Record<string, unknown>[]>(), status: new Map<string, string[]>(), results: new Map<string, CommandResult[]>() };
  const add = <T>(map: Map<string, T[]>, id: string, value: T) => map.set(id, [...(map.get(id) ?? []), value]);
  broker.on('publish', (packet) => {
    const topic = parseDeviceTopic(packet.topic);
    if (topic === undefined) return;
    const text = packet.payload.toString();
    if (topic.channel === 'telemetry') add(heard.telemetry, topic.deviceId, JSON.parse(text) as Record<string, unknown>);
    if (topic.channel === 'status') add(heard.status, topic.deviceId, text);
    if (topic.channel === 'commands/result') add(heard.results, topic.deviceId, JSON.parse(text) as CommandResult);
  });
  return heard;
}

async function start(options: { rate?: number; failCommands?: string[] } = {}) {
  running = await startRealBroker();
  const heard = listen(running.broker);
  simulation = await startSimulation({ url: running.url, fleet: [light, ap], ratePerDeviceHz: options.rate ?? 20, clockStartMs: eveningMs, ...(options.failCommands ? { failCommands: options.failCommands } : {}) });
  const broker = running.broker;
  const send = (deviceId: string, command: Omit<CommandMessage, 'expiresAt'>) =>
    new Promise<void>((resolve) =>
      broker.publish({ cmd: 'publish', topic: deviceTopic(deviceId, 'commands'), payload: Buffer.from(JSON.stringify({ ...command, expiresAt: Date.now() + 60_000 })), qos: 1, retain: false, dup: false }, () => resolve()),
    );
  return { heard, send };
}

describe('simulated devices obey commands', () => {
  it("a street light reports the dimming level it was set to, and its power follows; the command is answered once though sent twice", async () => {
    const { heard, send } = await start();
    await vi.waitFor(() => expect(heard.telemetry.get(light.id)?.length).toBeGreaterThan(0));
    await send(light.id, { id: 'dim-1', name: 'set-dimming', params: { level: 0.25 } });
    await vi.waitFor(() => expect(heard.results.get(light.id)).toEqual([{ id: 'dim-1', ok: true, detail: 'dimmed to 0.25' }]));
    const answeredAt = heard.telemetry.get(light.id)!.length;
    await vi.waitFor(() => expect(heard.telemetry.get(light.id)!.length).toBeGreaterThan(answeredAt + 2));
    const after = heard.telemetry.get(light.id)!.slice(answeredAt);
    expect(after.every((reading) => reading.dimmingLevel === 0.25)).toBe(true);
    for (const reading of after) {
      // A lit lamp draws its rated power scaled by the level; a dark one only its controller's standby.
      if (reading.lampOn === true && reading.lampFault !== true) expect(reading.powerW as number).toBeLessThan(0.3 * 250 + 1.5 + 5);
    }

    await send(light.id, { id: 'dim-1', name: 'set-dimming', params: { level: 0.9 } }); // a copy, as after a reconnect
    await vi.waitFor(() => expect(heard.results.get(light.id)).toHaveLength(2));
    const later = heard.telemetry.get(light.id)!.length;
    await vi.waitFor(() => expect(heard.telemetry.get(light.id)!.length).toBeGreaterThan(later + 2));
    expect(heard.telemetry.get(light.id)!.slice(later).every((reading) => reading.dimmingLevel === 0.25)).toBe(true);
  });

  it('set-interval changes how often a device reports', async () => {
    const { heard, send } = await start({ rate: 0.05 }); // every 20 s
    await send(ap.id, { id: 'fast', name: 'set-interval', params: { seconds: 1 } });
    await vi.waitFor(() => expect(heard.results.get(ap.id)).toEqual([{ id: 'fast', ok: true, detail: 'reporting every 1 s' }]));
    const before = heard.telemetry.get(ap.id)?.length ?? 0;
    // At the old interval, three more readings would take 40 s at least; the wait gives up after 10.
    await vi.waitFor(() => expect(heard.telemetry.get(ap.id)?.length ?? 0).toBeGreaterThanOrEqual(before + 3), { timeout: 10_000 });
  }, 20_000);

  it('a Wi-Fi access point reboots: offline, back online, then answers', async () => {
    const { heard, send } = await start();
    await vi.waitFor(() => expect(heard.status.get(ap.id)).toEqual(['online']));
    await send(ap.id, { id: 'boot-1', name: 'reboot', params: {} });
    await vi.waitFor(() => expect(heard.results.get(ap.id)).toEqual([{ id: 'boot-1', ok: true, detail: 'rebooted' }]), { timeout: 10_000 });
    expect(heard.status.get(ap.id)).toEqual(['online', 'offline', 'online']);
    // Its uptime starts again from the reboot (it was days before: the fleet's APs last reboot 7-45 days apart).
    const answeredAt = heard.telemetry.get(ap.id)!.length;
    await vi.waitFor(() => expect(heard.telemetry.get(ap.id)!.length).toBeGreaterThan(answeredAt));
    const uptimes = heard.telemetry.get(ap.id)!.map((reading) => reading.uptimeS as number);
    expect(uptimes[answeredAt]).toBeLessThan(15);
    expect(uptimes[0]).toBeGreaterThan(uptimes[answeredAt]!);
  }, 20_000);

  it('a device told to fail commands answers with a failure and changes nothing', async () => {
    const { heard, send } = await start({ failCommands: [light.id] });
    await send(light.id, { id: 'dim-2', name: 'set-dimming', params: { level: 0.1 } });
    await vi.waitFor(() => expect(heard.results.get(light.id)).toEqual([{ id: 'dim-2', ok: false, detail: 'simulated failure (--fail-commands)' }]));
    const answeredAt = heard.telemetry.get(light.id)?.length ?? 0;
    await vi.waitFor(() => expect(heard.telemetry.get(light.id)?.length ?? 0).toBeGreaterThan(answeredAt + 2));
    expect(heard.telemetry.get(light.id)!.slice(answeredAt).some((reading) => reading.dimmingLevel === 0.1)).toBe(false);
  });
});
