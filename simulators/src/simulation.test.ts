import { afterEach, describe, expect, it, vi } from 'vitest';
import { builtInKinds, requireKind, deviceTopic, parseDeviceTopic } from '@kendali/contracts';
import type { RejectionNotice } from '@kendali/contracts';
import { SimulatorError } from './errors';
import { buildFleet } from './fleet';
import { startSimulation } from './simulation';
import type { SimulationEvent } from './simulation-types';
import { startRealBroker, unusedPort } from './testing/real-broker';
import type { RealBroker } from './testing/real-broker';

let running: RealBroker | undefined;
afterEach(async () => {
  await running?.close();
  running = undefined;
});

describe('startSimulation over real TCP', () => {
  it('publishes valid telemetry from every device and gets every message acknowledged', async () => {
    running = await startRealBroker();
    const fleet = buildFleet({ devices: 10, seed: 4 });
    const telemetry = new Map<string, unknown[]>();
    const statuses: { deviceId: string; payload: string; retain: boolean }[] = [];
    running.broker.on('publish', (packet, client) => {
      if (!client) return; // the broker's own $SYS messages
      const parsed = parseDeviceTopic(packet.topic);
      if (!parsed) return;
      const payload = packet.payload.toString();
      if (parsed.channel === 'telemetry') telemetry.set(parsed.deviceId, [...(telemetry.get(parsed.deviceId) ?? []), JSON.parse(payload)]);
      if (parsed.channel === 'status') statuses.push({ deviceId: parsed.deviceId, payload, retain: packet.retain });
    });

    const simulation = await startSimulation({ url: running.url, fleet, ratePerDeviceHz: 5, durationMs: 1_500 });
    expect(simulation.stats().connected).toBe(10);
    const summary = await simulation.done;

    expect(summary.devices).toBe(10);
    expect(summary.sent).toBeGreaterThanOrEqual(50); // 10 devices × 5 Hz × 1.5 s ≈ 75
    expect(summary.acknowledged).toBe(summary.sent);
    expect(summary.failed).toBe(0);
    expect(simulation.stats()).toMatchObject({ connected: 0, sent: summary.sent, acknowledged: summary.sent });
    await vi.waitFor(() => expect(statuses.filter((status) => status.payload === 'offline')).toHaveLength(10));

    expect([...telemetry.keys()].sort()).toEqual(fleet.map((device) => device.id).sort());
    expect([...telemetry.values()].reduce((sum, messages) => sum + messages.length, 0)).toBe(summary.sent);
    for (const device of fleet) {
      for (const message of telemetry.get(device.id) ?? []) {
        expect(message).toMatchObject({ ts: expect.any(Number) });
        expect(Object.keys(message as object).sort()).toEqual(['ts', ...Object.keys(requireKind(builtInKinds, device.kind).fields)].sort());
      }
      const ownStatuses = statuses.filter((status) => status.deviceId === device.id);
      // online on connect, offline on stop, both retained; a graceful stop fires no last will.
      expect(ownStatuses).toEqual([
        { deviceId: device.id, payload: 'online', retain: true },
        { deviceId: device.id, payload: 'offline', retain: true },
      ]);
    }
  });

  it('stops waiting for acknowledgements only once none came for stopTimeoutMs, however long they keep coming', { timeout: 30_000 }, async () => {
    // A broker working through a backlog: it acknowledges one held reading every 150 ms, so the
    // acknowledgements after the stop take longer in all than the 1.5 s quiet period, with gaps far
    // shorter than it. One device's readings are never acknowledged.
    const fleet = buildFleet({ devices: 20, seed: 5 });
    const silent = fleet[0]!.id;
    const held: (() => void)[] = [];
    const neverAcknowledged = new Set<string>();
    running = await startRealBroker({
      authorizePublish: (client, packet, callback) => {
        const topic = parseDeviceTopic(packet.topic);
        if (topic?.channel !== 'telemetry') return callback(null);
        if (topic.deviceId === silent) neverAcknowledged.add(topic.deviceId);
        else held.push(() => callback(null));
      },
    });
    const sentBy = new Map<string, number>();
    const simulation = await startSimulation({
      url: running.url,
      fleet,
      ratePerDeviceHz: 2,
      stopTimeoutMs: 1_500,
      tap: (deviceId, channel) => {
        if (channel === 'telemetry') sentBy.set(deviceId, (sentBy.get(deviceId) ?? 0) + 1);
      },
    });
    await vi.waitFor(() => expect(sentBy.size).toBe(20), { timeout: 5_000 });
    const backlog = setInterval(() => held.shift()?.(), 150);
    try {
      await simulation.stop();
    } finally {
      clearInterval(backlog);
    }
    const summary = await simulation.done;
    expect(neverAcknowledged).toEqual(new Set([silent]));
    expect(summary.failed).toBe(sentBy.get(silent));
    expect(summary.acknowledged).toBe(summary.sent - summary.failed);
    expect(summary.acknowledged).toBeGreaterThanOrEqual(19); // at least one reading of each other device
  });

  it('counts and reports rejections published on the devices’ errors topics', async () => {
    running = await startRealBroker();
    const broker = running.broker;
    const [device] = buildFleet({ devices: 1 });
    if (!device) throw new Error('no device');
    const notice: RejectionNotice = {
      code: 'KENDALI_ERR_FIELD_RANGE',
      message: 'lampOn must be a boolean',
      topic: deviceTopic(device.id, 'telemetry'),
      at: new Date().toISOString(),
    };
    let answered = false;
    broker.on('publish', (packet, client) => {
      if (!client || answered || packet.topic !== deviceTopic(device.id, 'telemetry')) return;
      answered = true;
      broker.publish(
        { cmd: 'publish', topic: deviceTopic(device.id, 'errors'), payload: Buffer.from(JSON.stringify(notice)), qos: 1, retain: false, dup: false },
        () => undefined,
      );
    });
    const events: SimulationEvent[] = [];
    const simulation = await startSimulation({ url: running.url, fleet: [device], ratePerDeviceHz: 20, onEvent: (event) => events.push(event) });
    await vi.waitFor(() => expect(simulation.stats().rejected).toBe(1));
    await simulation.stop();
    expect(events).toContainEqual({ type: 'rejected', deviceId: device.id, notice, payload: JSON.stringify(notice) });
    expect((await simulation.done).rejected).toBe(1);
  });

  it('connects with the credentials it is given', async () => {
    running = await startRealBroker({
      authenticate: (client, username, password, done) => {
        const ok = username === client.id && password?.toString() === `secret-${client.id}`;
        done(ok ? null : Object.assign(new Error('bad credentials'), { returnCode: 4 }), ok);
      },
    });
    const fleet = buildFleet({ devices: 3 });
    const simulation = await startSimulation({
      url: running.url,
      fleet,
      ratePerDeviceHz: 1,
      credentials: (device) => ({ username: device.id, password: `secret-${device.id}` }),
    });
    expect(simulation.stats().connected).toBe(3);
    await simulation.stop();

    await expect(startSimulation({ url: running.url, fleet, ratePerDeviceHz: 1 })).rejects.toMatchObject({
      code: 'KENDALI_ERR_SIM_CONNECT',
      message: expect.stringMatching(/could not connect to mqtt:\/\/127\.0\.0\.1:\d+: .*(Bad username or password|Not authorized)/),
    });
  });

  it('fails with a clear error when nothing listens at the URL', async () => {
    const url = `mqtt://127.0.0.1:${await unusedPort()}`;
    const attempt = startSimulation({ url, fleet: buildFleet({ devices: 60 }), ratePerDeviceHz: 1 });
    await expect(attempt).rejects.toBeInstanceOf(SimulatorError);
    await expect(attempt).rejects.toMatchObject({ code: 'KENDALI_ERR_SIM_CONNECT', message: expect.stringContaining('ECONNREFUSED') });
  });

  it('stops connecting when aborted', async () => {
    running = await startRealBroker();
    const abort = new AbortController();
    abort.abort(new Error('operator pressed Ctrl-C'));
    await expect(
      startSimulation({ url: running.url, fleet: buildFleet({ devices: 5 }), ratePerDeviceHz: 1, signal: abort.signal }),
    ).rejects.toThrow('operator pressed Ctrl-C');
  });

  it('runs flat out in load mode and sends SenML from the share asked for', async () => {
    running = await startRealBroker();
    const payloads: string[] = [];
    running.broker.on('publish', (packet, client) => {
      if (client && parseDeviceTopic(packet.topic)?.channel === 'telemetry') payloads.push(packet.payload.toString());
    });
    const fleet = buildFleet({ devices: 4, seed: 2 });
    const simulation = await startSimulation({ url: running.url, fleet, ratePerDeviceHz: 1, flatOutWindow: 2, senmlShare: 1, durationMs: 500 });
    const summary = await simulation.done;
    // 1 Hz would give ~2 messages; flat out gives hundreds, every one acknowledged.
    expect(summary.sent).toBeGreaterThan(100);
    expect(summary.acknowledged).toBe(summary.sent);
    expect(summary.connectMs).toBeGreaterThan(0);
    for (const payload of payloads) expect(JSON.parse(payload)).toEqual(expect.arrayContaining([expect.objectContaining({ bn: expect.stringMatching(/^urn:dev:kendali:/) })]));
  });

  it('says what its drills will do', async () => {
    running = await startRealBroker();
    const simulation = await startSimulation({
      url: running.url,
      fleet: buildFleet({ devices: 20 }),
      ratePerDeviceHz: 1,
      scenarios: ['flood', 'sensor-faults'],
    });
    await simulation.stop();
    expect(simulation.briefing).toEqual([expect.stringMatching(/^flood: \d+ water-level sensor/), expect.stringMatching(/^sensor-faults: stuck /)]);
  });

  it('refuses invalid options before connecting', async () => {
    const fleet = buildFleet({ devices: 2 });
    const options = { url: 'mqtt://127.0.0.1:1883', fleet, ratePerDeviceHz: 1 };
    await expect(startSimulation({ ...options, url: 'http://127.0.0.1' })).rejects.toMatchObject({ code: 'KENDALI_ERR_SIM_OPTIONS' });
    await expect(startSimulation({ ...options, url: 'not a url' })).rejects.toThrow(/not a URL/);
    await expect(startSimulation({ ...options, ratePerDeviceHz: 0 })).rejects.toThrow(/ratePerDeviceHz/);
    await expect(startSimulation({ ...options, fleet: [...fleet, ...fleet] })).rejects.toThrow(/appears twice/);
    await expect(startSimulation({ ...options, speed: -1 })).rejects.toThrow(/speed/);
    await expect(startSimulation({ ...options, drillPace: 0 })).rejects.toThrow(/drillPace/);
    await expect(startSimulation({ ...options, drillPace: 21 })).rejects.toThrow(/drillPace/);
    await expect(startSimulation({ ...options, senmlShare: 2 })).rejects.toThrow(/senmlShare/);
    await expect(startSimulation({ ...options, flatOutWindow: 0 })).rejects.toThrow(/flatOutWindow/);
  });
});
