import { connectAsync, type MqttClient } from 'mqtt';
import { afterEach, describe, expect, it } from 'vitest';
import { deviceTopic, manualClock, type RejectionNotice } from '@kendali/contracts';
import { KendaliBroker } from './broker';
import type { Authenticator } from './client-identity';
import type { Rejection } from './device-outbox';
import type { SettingsReportSink } from './settings-report-sink';
import type { TelemetrySink } from './telemetry-sink';

const sink: TelemetrySink = { acceptTelemetry: async () => ({ rejections: [] }), acceptStatus: () => undefined };

/** Every client is the device named by its user name; "pending:<id>" is that device awaiting approval. */
const asDevice: Authenticator = async ({ username = '' }) =>
  username.startsWith('pending:') ? { ok: true, identity: { role: 'pending', deviceId: username.slice('pending:'.length) } } : { ok: true, identity: { role: 'device', deviceId: username } };

class RecordingReports implements SettingsReportSink {
  readonly reports: string[] = [];
  answer: Rejection | null = null;
  async acceptReport(deviceId: string, payload: Buffer) {
    this.reports.push(`${deviceId}:${payload.toString()}`);
    return this.answer;
  }
}

const clock = manualClock(Date.parse('2026-03-10T03:00:00Z'));
let broker: KendaliBroker | undefined;
const clients: MqttClient[] = [];

afterEach(async () => {
  await Promise.all(clients.splice(0).map((c) => c.endAsync(true)));
  await broker?.close();
  broker = undefined;
});

async function start(reports: SettingsReportSink) {
  broker = await KendaliBroker.create({ sink, clock, authenticate: asDevice, settingsReports: reports });
  const { port } = await broker.listenTcp(0, '127.0.0.1');
  const connect = async (username: string) => {
    const deviceId = username.replace('pending:', '');
    const client = await connectAsync(`mqtt://127.0.0.1:${port}`, { clientId: deviceId, username, password: 's', reconnectPeriod: 0 });
    clients.push(client);
    return client;
  };
  return { broker, connect };
}

const nextMessage = (client: MqttClient) =>
  new Promise<{ topic: string; payload: string; qos: number; retain: boolean }>((resolve) =>
    client.once('message', (topic, payload, packet) => resolve({ topic, payload: payload.toString(), qos: packet.qos, retain: packet.retain })),
  );

describe('settings through the broker', () => {
  it('keeps the desired settings retained for a device that subscribes later, and takes its report before the PUBACK', async () => {
    const reports = new RecordingReports();
    const { broker, connect } = await start(reports);
    await broker.outbox.settings('sl-1', { version: 1, settings: { reportIntervalS: 60 }, at: 0 });
    await broker.outbox.settings('sl-1', { version: 2, settings: { reportIntervalS: 30 }, at: 1 });

    const device = await connect('sl-1');
    const received = nextMessage(device);
    expect(await device.subscribeAsync(deviceTopic('sl-1', 'settings'), { qos: 1 })).toEqual([{ topic: deviceTopic('sl-1', 'settings'), qos: 1 }]);
    expect(await received).toEqual({ topic: deviceTopic('sl-1', 'settings'), payload: '{"version":2,"settings":{"reportIntervalS":30},"at":1}', qos: 1, retain: true });

    await device.publishAsync(deviceTopic('sl-1', 'settings/reported'), '{"version":2,"settings":{"reportIntervalS":30}}', { qos: 1 });
    expect(reports.reports).toEqual(['sl-1:{"version":2,"settings":{"reportIntervalS":30}}']); // recorded before the PUBACK came back
  });

  it('clears the retained settings of a deleted device', async () => {
    const { broker, connect } = await start(new RecordingReports());
    await broker.outbox.settings('sl-1', { version: 1, settings: { reportIntervalS: 60 }, at: 0 });
    await broker.outbox.settings('sl-2', { version: 1, settings: { reportIntervalS: 90 }, at: 0 });
    await broker.outbox.clearSettings('sl-1');

    const device = await connect('sl-1');
    const messages: string[] = [];
    device.on('message', (topic) => messages.push(topic));
    await device.subscribeAsync(deviceTopic('sl-1', 'settings'), { qos: 1 });
    // sl-2's retained message still arrives, so the broker answered subscriptions with what it keeps.
    const other = await connect('sl-2');
    const otherReceived = nextMessage(other);
    await other.subscribeAsync(deviceTopic('sl-2', 'settings'), { qos: 1 });
    expect((await otherReceived).payload).toBe('{"version":1,"settings":{"reportIntervalS":90},"at":0}');
    await device.publishAsync(deviceTopic('sl-1', 'settings/reported'), '{"settings":{}}', { qos: 1 }); // a round trip after the SUBACK
    expect(messages).toEqual([]);
  });

  it('answers a report it could not record on the errors topic, and keeps the connection', async () => {
    const reports = new RecordingReports();
    reports.answer = { code: 'KENDALI_ERR_SETTINGS_REPORT_INVALID', message: 'the settings report is not JSON' };
    const { connect } = await start(reports);
    const device = await connect('sl-1');
    await device.subscribeAsync(deviceTopic('sl-1', 'errors'));
    const notice = new Promise<RejectionNotice>((resolve) => device.once('message', (_t, payload) => resolve(JSON.parse(payload.toString()) as RejectionNotice)));
    await device.publishAsync(deviceTopic('sl-1', 'settings/reported'), 'interval=60', { qos: 1 });
    expect(await notice).toMatchObject({ code: 'KENDALI_ERR_SETTINGS_REPORT_INVALID', message: 'the settings report is not JSON', topic: deviceTopic('sl-1', 'settings/reported') });
    expect(device.connected).toBe(true);
  });

  it("refuses another device's settings, and settings to a pending device; closes a device reporting another's", async () => {
    const reports = new RecordingReports();
    const { connect } = await start(reports);
    const newcomer = await connect('pending:sl-9');
    await expect(newcomer.subscribeAsync(deviceTopic('sl-9', 'settings'), { qos: 1 })).rejects.toThrow(/Subscribe error/); // SUBACK 0x80
    await newcomer.publishAsync(deviceTopic('sl-9', 'settings/reported'), '{"settings":{}}', { qos: 1 });
    expect(reports.reports).toEqual([]); // acknowledged, not recorded: it is no device yet

    const intruder = await connect('sl-2');
    await expect(intruder.subscribeAsync(deviceTopic('sl-1', 'settings'), { qos: 1 })).rejects.toThrow(/Subscribe error/);
    await expect(intruder.subscribeAsync('kendali/v1/devices/+/settings', { qos: 1 })).rejects.toThrow(/Subscribe error/);
    const closed = new Promise<void>((resolve) => intruder.once('close', () => resolve()));
    intruder.publish(deviceTopic('sl-1', 'settings/reported'), '{"settings":{}}', { qos: 1 });
    await closed;
    expect(reports.reports).toEqual([]);
  });
});
