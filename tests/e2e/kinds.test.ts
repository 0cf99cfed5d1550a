import { execFile } from 'node:child_process';
import { promisify } from 'node:util';
import { pino } from 'pino';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { deviceTopic, type Alarm, type AlarmRulesInput, type DeviceProfile, type ProfileTrial, type StoredProfile, type TelemetryHistory } from '@kendali/contracts';
import { loadConfig, startPlatform, type Platform } from '@kendali/platform';
import { apiFetch, apiJson, makeTempDir, registerDevice, systemSuite, testAdminToken, testedVersions, waitFor } from '@kendali/test-support';

/**
 * A kind that exists only as data: created through `PUT /api/kinds/noise-level`, a device of it
 * registered through the API and publishing with Debian's mosquitto_pub, its readings read back and
 * its profile's alarm rule firing; then a second version adds a field while the first's readings
 * stay readable. Needs the stores to make room for a new kind and a new field (`prepareKind`).
 */
const run = promisify(execFile);
const pub = systemSuite('/usr/bin/mosquitto_pub', 'apt-get install mosquitto-clients', testedVersions.mosquittoPub);

const noiseLevel: DeviceProfile = {
  labels: { id: 'Kebisingan', en: 'Noise' },
  intervalS: 60,
  fields: { laeqDb: { type: 'number', unit: 'dB(A)', min: 30, max: 130, required: true } },
  rules: [{ id: 'noise-loud', name: 'Noise above 85 dB(A)', type: 'threshold', enabled: true, scope: {}, minDurationMs: 0, field: 'laeqDb', op: 'above', limit: 85, hysteresis: 3, severity: 'warning' }],
};
const deviceId = 'nl-alun-alun';

describe.skipIf(!pub.available)(pub.title('a new kind through the API alone, end to end'), () => {
  let platform: Platform;
  let data: Awaited<ReturnType<typeof makeTempDir>>;
  let secret: string;

  beforeAll(async () => {
    data = await makeTempDir('kinds');
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
  });

  afterAll(async () => {
    await platform?.close();
    await data?.remove();
  });

  const base = () => platform.addresses.http;
  /** Publishes one message as the device with mosquitto_pub, QoS 1: it returns once the PUBACK (stored) came, and fails if none comes. */
  const publish = (fields: Record<string, number>) =>
    run('mosquitto_pub', ['-h', '127.0.0.1', '-p', String(platform.addresses.mqttPort), '-i', deviceId, '-u', deviceId, '-P', secret, '-q', '1', '-t', deviceTopic(deviceId, 'telemetry'), '-m', JSON.stringify(fields)], { timeout: 30_000 });
  /** The field's stored values, oldest first (readings without it left out). */
  const values = async (field: string) =>
    (await apiJson<TelemetryHistory>(base(), `/api/telemetry?device=${deviceId}&field=${field}&from=0`)).points.map((point) => point.value).filter((value) => value !== null);
  const activeRuleIds = async () => (await apiJson<Alarm[]>(base(), `/api/alarms?device=${deviceId}&state=active`)).map((alarm) => alarm.ruleId).sort();

  it('creates the kind with a PUT and takes a device of it through mosquitto_pub', async () => {
    const created = await apiFetch(base(), '/api/kinds/noise-level', { method: 'PUT', body: noiseLevel });
    expect(created.status, await created.clone().text()).toBe(201);
    expect((await created.json()) as StoredProfile).toMatchObject({ kind: 'noise-level', version: 1, builtIn: false, changedBy: 'KENDALI_ADMIN_TOKEN (admin)' });
    secret = await registerDevice(base(), deviceId, { kind: 'noise-level', name: 'Alun-alun Kota', district: 'Tangerang' });
    await publish({ laeqDb: 62.5 });
    expect(await waitFor(async () => ((await values('laeqDb')).includes(62.5) ? values('laeqDb') : undefined), 'the reading through /api/telemetry')).toEqual([62.5]);
  });

  it("fires the profile's threshold rule, and a rule on the new kind put through /api/alarm-rules", async () => {
    await publish({ laeqDb: 91 });
    await waitFor(async () => ((await activeRuleIds()).includes('noise-loud') ? true : undefined), 'the noise-loud alarm');

    const rules = await apiJson<AlarmRulesInput>(base(), '/api/alarm-rules');
    const quiet = { id: 'noise-sensor-quiet', name: 'Noise sensor reads near its floor', type: 'threshold', enabled: true, scope: { kind: 'noise-level' }, minDurationMs: 0, field: 'laeqDb', op: 'below', limit: 35, hysteresis: 2, severity: 'minor' } as const;
    await apiJson(base(), '/api/alarm-rules', { method: 'PUT', body: { rules: [...rules.rules, quiet] } });
    await publish({ laeqDb: 32 });
    expect(await waitFor(async () => ((await activeRuleIds()).includes('noise-sensor-quiet') ? activeRuleIds() : undefined), 'the noise-sensor-quiet alarm')).toEqual(['noise-sensor-quiet']);
  });

  it('dry-runs a stricter range on what was recorded: exactly the loud reading would be refused', async () => {
    const stricter = { ...noiseLevel, fields: { laeqDb: { ...noiseLevel.fields['laeqDb']!, max: 80 } } };
    const trial = await apiJson<ProfileTrial>(base(), '/api/kinds/noise-level/try', { method: 'POST', body: stricter });
    expect(trial).toMatchObject({ version: 2, examined: { stored: 3, rejected: 0 }, accepted: 2, rejected: 1 });
    expect(trial.changes.map(({ source, deviceId: device, fields, now, reason }) => ({ source, device, fields, now, code: reason?.code }))).toEqual([
      { source: 'stored', device: deviceId, fields: { laeqDb: 91 }, now: 'rejected', code: 'KENDALI_ERR_FIELD_RANGE' },
    ]);
  });

  it('adds a field in a second version: the new field is stored and the old readings stay readable', async () => {
    const withPeak: DeviceProfile = { ...noiseLevel, fields: { ...noiseLevel.fields, lcpeakDb: { type: 'number', unit: 'dB(C)', min: 30, max: 160 } } };
    const second = await apiFetch(base(), '/api/kinds/noise-level', { method: 'PUT', body: withPeak });
    expect(second.status, await second.clone().text()).toBe(200);
    expect((await second.json()) as StoredProfile).toMatchObject({ version: 2, changes: ['field lcpeakDb added (number, dB(C), 30 … 160)'] });
    await publish({ laeqDb: 70, lcpeakDb: 118.5 });
    expect(await waitFor(async () => ((await values('lcpeakDb')).includes(118.5) ? values('lcpeakDb') : undefined), 'the new field through /api/telemetry')).toEqual([118.5]);
    expect(await values('laeqDb')).toEqual([62.5, 91, 32, 70]);
    const versions = await apiJson<StoredProfile[]>(base(), '/api/kinds/noise-level/versions');
    expect(versions.map((stored) => stored.version)).toEqual([2, 1]);
  });
});
