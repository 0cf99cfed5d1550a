import { execFile } from 'node:child_process';
import { promisify } from 'node:util';
import { pino } from 'pino';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { deviceTopic, type Alarm, type DeviceProfile, type RejectionRecord, type StoredProfile, type TelemetryHistory } from '@kendali/contracts';
import { loadConfig, startPlatform, type Platform } from '@kendali/platform';
import { apiFetch, apiJson, makeTempDir, registerDevice, systemSuite, testAdminToken, testedVersions, waitFor } from '@kendali/test-support';

/**
 * A kind with a string (enumeration) field, end to end: a CCTV camera kind created through
 * `PUT /api/kinds/cctv`, a camera publishing its health with Debian's mosquitto_pub as JSON and as
 * SenML (`vs`), values it does not list and values of the wrong type refused with their reasons,
 * the values read back through `/api/telemetry`, and the profile's state rule firing on `down`.
 */
const run = promisify(execFile);
const pub = systemSuite('/usr/bin/mosquitto_pub', 'apt-get install mosquitto-clients', testedVersions.mosquittoPub);

const cctv: DeviceProfile = {
  labels: { id: 'Kamera CCTV', en: 'CCTV camera' },
  intervalS: 60,
  headline: 'status',
  fields: {
    status: {
      type: 'string',
      values: ['ok', 'degraded', 'down'],
      required: true,
      labels: { id: 'Kondisi', en: 'Health' },
      valueLabels: { ok: { id: 'Normal', en: 'OK' }, degraded: { id: 'Menurun', en: 'Degraded' }, down: { id: 'Mati', en: 'Down' } },
    },
    fps: { type: 'number', unit: 'fps', min: 0, max: 120 },
  },
  rules: [{ id: 'camera-down', name: 'Kamera mati', type: 'state', enabled: true, scope: {}, minDurationMs: 0, field: 'status', values: ['down'], severity: 'major' }],
};
const deviceId = 'cctv-alun-alun';

describe.skipIf(!pub.available)(pub.title('a string field end to end, through the API and mosquitto_pub'), () => {
  let platform: Platform;
  let data: Awaited<ReturnType<typeof makeTempDir>>;
  let secret: string;

  beforeAll(async () => {
    data = await makeTempDir('string-field');
    platform = await startPlatform(
      loadConfig({
        KENDALI_DATA_DIR: data.path,
        KENDALI_HTTP_PORT: '0',
        KENDALI_MQTT_PORT: '0',
        KENDALI_SIMULATE: '0',
        KENDALI_REPORTS: 'off', // scheduled reports would read the real date
        KENDALI_ADMIN_TOKEN: testAdminToken,
      }),
      { logger: pino({ level: 'silent' }) },
    );
    const created = await apiFetch(base(), '/api/kinds/cctv', { method: 'PUT', body: cctv });
    expect(created.status, await created.clone().text()).toBe(201);
    secret = await registerDevice(base(), deviceId, { kind: 'cctv', name: 'Kamera Alun-alun', district: 'Tangerang' });
  });

  afterAll(async () => {
    await platform?.close();
    await data?.remove();
  });

  const base = () => platform.addresses.http;
  /** Publishes one message as the camera with mosquitto_pub, QoS 1: it returns once the PUBACK came (a refused message is acknowledged too). */
  const publish = (payload: unknown) =>
    run('mosquitto_pub', ['-h', '127.0.0.1', '-p', String(platform.addresses.mqttPort), '-i', deviceId, '-u', deviceId, '-P', secret, '-q', '1', '-t', deviceTopic(deviceId, 'telemetry'), '-m', JSON.stringify(payload)], { timeout: 30_000 });
  const statuses = async () => (await apiJson<TelemetryHistory>(base(), `/api/telemetry?device=${deviceId}&field=status&from=0`)).points.map((point) => point.value);
  const rejections = () => apiJson<RejectionRecord[]>(base(), `/api/rejections?device=${deviceId}&limit=50`);

  it('stores the listed values sent as JSON and as SenML, and reads them back as sent', async () => {
    await publish({ status: 'ok', fps: 25 });
    await publish([{ bn: `urn:dev:kendali:${deviceId}:`, n: 'status', vs: 'degraded' }, { n: 'fps', v: 12.5 }]);
    expect(await waitFor(async () => ((await statuses()).length === 2 ? statuses() : undefined), 'two statuses through /api/telemetry')).toEqual(['ok', 'degraded']);
    // The last hour (the default range) in 1-hour buckets: the newest bucket's last state is the one sent last.
    const last = await apiJson<TelemetryHistory>(base(), `/api/telemetry?device=${deviceId}&field=status&every=1h&fn=last`);
    expect(last.points.at(-1)?.value).toBe('degraded');
  });

  it('refuses values the kind does not list, a number for the string field and a string for a number field, saying why', async () => {
    await publish({ status: 'rebooting' });
    await publish([{ n: 'status', vs: 'offline' }]);
    await publish({ status: 2 });
    await publish({ status: 'ok', fps: 'fast' });
    const refused = await waitFor(async () => {
      const records = await rejections();
      return records.length === 4 ? records : undefined;
    }, 'four rejections');
    expect(refused.map(({ code, message }) => ({ code, message })).reverse()).toEqual([
      { code: 'KENDALI_ERR_FIELD_VALUE', message: 'cctv: field "status" is "rebooting", not one of its values: ok, degraded, down' },
      { code: 'KENDALI_ERR_FIELD_VALUE', message: 'cctv: field "status" is "offline", not one of its values: ok, degraded, down' },
      { code: 'KENDALI_ERR_FIELD_TYPE', message: 'cctv: field "status" must be string, got 2' },
      { code: 'KENDALI_ERR_FIELD_TYPE', message: 'cctv: field "fps" must be number, got "fast"' },
    ]);
    expect(await statuses()).toEqual(['ok', 'degraded']);
    const mean = await apiFetch(base(), `/api/telemetry?device=${deviceId}&field=status&every=1h&fn=mean`);
    expect(mean.status).toBe(400);
    expect(((await mean.json()) as { error: { code: string } }).error.code).toBe('KENDALI_ERR_AGGREGATE_UNSUPPORTED');
  });

  it("fires the profile's state rule on down, in the field's labels, and clears it when the camera is back", async () => {
    const active = () => apiJson<Alarm[]>(base(), `/api/alarms?device=${deviceId}&state=active`);
    await publish({ status: 'down', fps: 0 });
    const [alarm] = await waitFor(async () => {
      const alarms = await active();
      return alarms.some((one) => one.ruleId === 'camera-down') ? alarms : undefined;
    }, 'the camera-down alarm');
    expect(alarm).toMatchObject({ ruleId: 'camera-down', type: 'state', severity: 'major', detail: { id: 'Kondisi: Mati (down)', en: 'Health: Down (down)' } });
    await publish({ status: 'ok', fps: 25 });
    await waitFor(async () => ((await active()).length === 0 ? true : undefined), 'the alarm cleared');
    expect(await statuses()).toEqual(['ok', 'degraded', 'down', 'ok']);
  });

  it('takes a version that drops a value still stored: the readings keep it, new messages with it are refused', async () => {
    const withoutDegraded: DeviceProfile = { ...cctv, fields: { ...cctv.fields, status: { ...cctv.fields['status']!, values: ['ok', 'down', 'maintenance'], valueLabels: { down: { id: 'Mati', en: 'Down' } } } } };
    const second = await apiFetch(base(), '/api/kinds/cctv', { method: 'PUT', body: withoutDegraded });
    expect(second.status, await second.clone().text()).toBe(200);
    expect(((await second.json()) as StoredProfile).changes).toContain('field status: no longer takes degraded (readings already stored keep them)');
    await publish({ status: 'maintenance' });
    await publish({ status: 'degraded' });
    await waitFor(async () => ((await statuses()).length === 5 && (await rejections()).length === 5 ? true : undefined), 'maintenance stored and degraded refused');
    expect(await statuses()).toEqual(['ok', 'degraded', 'down', 'ok', 'maintenance']);
    expect((await rejections())[0]).toMatchObject({ code: 'KENDALI_ERR_FIELD_VALUE', message: expect.stringContaining('"degraded", not one of its values: ok, down, maintenance') });
  });
});
