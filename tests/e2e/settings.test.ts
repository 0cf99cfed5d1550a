import { execFile, spawn } from 'node:child_process';
import { promisify } from 'node:util';
import { pino } from 'pino';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { deviceTopic, type Alarm, type DeviceSettings, type RejectionNotice, type SettingsMessage } from '@kendali/contracts';
import { loadConfig, startPlatform, type Platform } from '@kendali/platform';
import { apiFetch, apiJson, makeTempDir, registerDevice, systemSuite, testAdminToken, testedVersions, waitFor } from '@kendali/test-support';

/**
 * Device settings end to end, with Debian's mosquitto clients as the device: an engineer's desired
 * settings reach a device that subscribes long after they were set (retained), also after a restart
 * of the platform; its report brings the device in sync; a report with another value, held past a
 * short drift bound, raises the settings-drift alarm and a matching report clears it. Bad settings
 * and a malformed report are refused with reasons, nothing changes and the connection stays.
 */
const run = promisify(execFile);
const pub = systemSuite('/usr/bin/mosquitto_pub', 'apt-get install mosquitto-clients', testedVersions.mosquittoPub);
const sub = systemSuite('/usr/bin/mosquitto_sub', 'apt-get install mosquitto-clients', testedVersions.mosquittoSub);
const deviceId = 'sl-cibodas-07';
const schedule = [
  { from: '18:00', level: 1 },
  { from: '23:00', level: 0.4 },
];

describe.skipIf(!pub.available || !sub.available)(sub.title(pub.title('device settings through mosquitto clients')), () => {
  let platform: Platform;
  let data: Awaited<ReturnType<typeof makeTempDir>>;
  let secret: string;

  const start = async () => {
    platform = await startPlatform(
      loadConfig({
        KENDALI_DATA_DIR: data.path,
        KENDALI_HTTP_PORT: '0',
        KENDALI_MQTT_PORT: '0',
        KENDALI_SIMULATE: '0',
        KENDALI_REPORTS: 'off', // scheduled reports would read the real date
        KENDALI_ADMIN_TOKEN: testAdminToken,
        KENDALI_SETTINGS_DRIFT_AFTER: '1s',
      }),
      { logger: pino({ level: 'silent' }) },
    );
  };

  beforeAll(async () => {
    data = await makeTempDir('settings');
    await start();
    secret = await registerDevice(platform.addresses.http, deviceId, { kind: 'street-light', name: 'PJU Cibodas 7', district: 'Cibodas' });
  });

  afterAll(async () => {
    await platform?.close();
    await data?.remove();
  });

  const base = () => platform.addresses.http;
  const as = (suffix: string) => ['-h', '127.0.0.1', '-p', String(platform.addresses.mqttPort), '-i', `${deviceId}${suffix}`, '-u', deviceId, '-P', secret];
  /** Subscribes as the device to its settings topic and returns the first message: a retained one, since nothing is published meanwhile. */
  const receiveSettings = async () => {
    const { stdout } = await run('mosquitto_sub', [...as(':settings'), '-q', '1', '-C', '1', '-W', '20', '-t', deviceTopic(deviceId, 'settings')], { timeout: 30_000 });
    return JSON.parse(stdout) as SettingsMessage;
  };
  /** Reports settings as the device, QoS 1: returns once the PUBACK (recorded) came, and fails if the connection is dropped. */
  const report = (value: unknown) => run('mosquitto_pub', [...as(''), '-q', '1', '-t', deviceTopic(deviceId, 'settings/reported'), '-m', JSON.stringify(value)], { timeout: 30_000 });
  const settings = () => apiJson<DeviceSettings>(base(), `/api/devices/${deviceId}/settings`);
  const put = (body: unknown) => apiFetch(base(), `/api/devices/${deviceId}/settings`, { method: 'PUT', body });
  /**
   * Starts mosquitto_sub as the device on `topics` and resolves once the broker granted them; `first`
   * is the first message it prints (`-v`: topic, then payload).
   */
  const listen = async (topics: string[]) => {
    const subscribed = new Promise<void>((resolve) => {
      const granted = ({ topics: grantedTopics }: { topics: string[] }) => {
        if (!topics.every((topic) => grantedTopics.includes(topic))) return;
        platform.broker.off('subscribed', granted);
        resolve();
      };
      platform.broker.on('subscribed', granted);
    });
    const listener = spawn('mosquitto_sub', [...as(':listen'), '-q', '1', '-v', '-C', '1', '-W', '20', ...topics.flatMap((topic) => ['-t', topic])]);
    let printed = '';
    listener.stdout.on('data', (chunk: Buffer) => (printed += chunk.toString()));
    const first = new Promise<{ topic: string; payload: string }>((resolve, reject) =>
      listener.on('exit', (code) => {
        const space = printed.indexOf(' ');
        if (code === 0) resolve({ topic: printed.slice(0, space), payload: printed.slice(space + 1).trim() });
        else reject(new Error(`mosquitto_sub exited with ${code}`));
      }),
    );
    await subscribed;
    return { first };
  };
  const driftAlarms = async (state: string) => (await apiJson<Alarm[]>(base(), `/api/alarms?device=${deviceId}&state=${state}`)).filter((alarm) => alarm.type === 'settings-drift');

  it('delivers desired settings retained to a device subscribing later, and is in sync once the device reports them', async () => {
    const answer = await put({ settings: { reportIntervalS: 60, dimmingSchedule: schedule } });
    expect(answer.status, await answer.clone().text()).toBe(200);
    expect(await answer.json()).toMatchObject({ state: 'pending', desiredVersion: 1, desiredBy: 'KENDALI_ADMIN_TOKEN (admin)', mismatched: ['reportIntervalS', 'dimmingSchedule'] });

    const received = await receiveSettings();
    expect(received).toMatchObject({ version: 1, settings: { reportIntervalS: 60, dimmingSchedule: schedule } });

    await report({ version: received.version, settings: received.settings });
    expect(await settings()).toMatchObject({ state: 'in-sync', reportedVersion: 1, reported: { reportIntervalS: 60, dimmingSchedule: schedule }, mismatched: [], differentSince: null });
  });

  it('refuses an unknown setting and a value breaking its schema with the JSON path, changing nothing', async () => {
    const unknown = await put({ settings: { reportIntervalS: 60, brightnessLux: 40 } });
    expect(unknown.status).toBe(400);
    expect(((await unknown.json()) as { error: { code: string; message: string } }).error).toEqual({
      code: 'KENDALI_ERR_SETTING_UNKNOWN',
      message: 'Device kind "street-light" has no setting "brightnessLux" (at /settings/brightnessLux); its settings are: reportIntervalS, dimmingSchedule.',
    });
    const broken = await put({ settings: { dimmingSchedule: [{ from: '18:00', level: 1.5 }] } });
    expect(broken.status).toBe(400);
    expect(((await broken.json()) as { error: { code: string; message: string } }).error).toEqual({
      code: 'KENDALI_ERR_SETTING_VALUE',
      message: 'Setting "dimmingSchedule" of kind "street-light": /settings/dimmingSchedule/0/level must be <= 1.',
    });
    expect(await settings()).toMatchObject({ state: 'in-sync', desiredVersion: 1 });
    expect((await receiveSettings()).version).toBe(1);
  });

  it('answers a malformed report on the errors topic, records nothing, and keeps the connection', async () => {
    const { first } = await listen([deviceTopic(deviceId, 'errors')]);

    // One connection (-l: a message per line): the malformed report, then a good one, both acknowledged.
    const publisher = spawn('mosquitto_pub', [...as(''), '-q', '1', '-t', deviceTopic(deviceId, 'settings/reported'), '-l']);
    publisher.stdin.end(`reportIntervalS=60\n${JSON.stringify({ version: 1, settings: { reportIntervalS: 60, dimmingSchedule: schedule } })}\n`);
    expect(await new Promise((resolve) => publisher.on('exit', resolve))).toBe(0);

    expect(JSON.parse((await first).payload) as RejectionNotice).toMatchObject({ code: 'KENDALI_ERR_SETTINGS_REPORT_INVALID', topic: deviceTopic(deviceId, 'settings/reported') });
    expect(await settings()).toMatchObject({ state: 'in-sync', reportedVersion: 1 });
  });

  it('raises the settings-drift alarm for a report with another value held past the bound, and clears it on a matching report', async () => {
    await report({ version: 1, settings: { reportIntervalS: 300, dimmingSchedule: schedule } });
    const [alarm] = await waitFor(async () => {
      const open = await driftAlarms('active');
      return open.length > 0 ? open : undefined;
    }, 'the settings-drift alarm');
    expect(alarm).toMatchObject({ ruleId: 'settings-drift', severity: 'minor', detail: { en: 'The device does not report the desired value of: reportIntervalS' } });
    expect(await settings()).toMatchObject({ state: 'drift', mismatched: ['reportIntervalS'] });
    expect((await apiJson<DeviceSettings[]>(base(), '/api/settings?state=drift')).map((device) => device.deviceId)).toEqual([deviceId]);

    await report({ version: 1, settings: { reportIntervalS: 60, dimmingSchedule: schedule } });
    expect(await settings()).toMatchObject({ state: 'in-sync', mismatched: [] });
    await waitFor(async () => ((await driftAlarms('cleared')).some((cleared) => cleared.id === alarm!.id) ? true : undefined), 'the settings-drift alarm cleared');
    expect(await driftAlarms('open')).toEqual([]);
  });

  it('publishes the desired settings again after a restart, so a device subscribing then still gets them', async () => {
    const changed = await put({ settings: { reportIntervalS: 30 } });
    expect(changed.status).toBe(200);
    await platform.close();
    await start();
    expect(await receiveSettings()).toMatchObject({ version: 2, settings: { reportIntervalS: 30 } });
    expect(await settings()).toMatchObject({ desiredVersion: 2, desired: { reportIntervalS: 30 }, reportedVersion: 1 });
  });

  it('forgets the settings of a deleted device and removes them from the broker', async () => {
    expect((await apiFetch(base(), `/api/devices/${deviceId}`, { method: 'DELETE' })).status).toBe(204);
    secret = await registerDevice(base(), deviceId, { kind: 'street-light', name: 'PJU Cibodas 7 (new)', district: 'Cibodas' });
    expect(await settings()).toMatchObject({ state: 'none', desiredVersion: 0, reported: null });

    // A retained message would arrive on subscribing, before the answer to a report published after the SUBACK.
    const { first } = await listen([deviceTopic(deviceId, 'settings'), deviceTopic(deviceId, 'errors')]);
    await report('not json');
    expect((await first).topic).toBe(deviceTopic(deviceId, 'errors'));
  });
});
