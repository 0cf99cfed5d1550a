import { execFile } from 'node:child_process';
import { promisify } from 'node:util';
import { pino } from 'pino';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { deviceTopic } from '@kendali/contracts';
import { loadConfig, startPlatform, type Platform } from '@kendali/platform';
import { apiJson, registerDevice, testAdminToken, systemSuite, testedVersions, makeTempDir, makeThrowawayCa, waitFor } from '@kendali/test-support';

const run = promisify(execFile);
const pub = systemSuite('/usr/bin/mosquitto_pub', 'apt-get install mosquitto-clients', testedVersions.mosquittoPub);
const ssl = systemSuite('/usr/bin/openssl', 'apt-get install openssl', testedVersions.openssl);

describe.skipIf(!pub.available || !ssl.available)(pub.title(ssl.title('an independent MQTT client (Debian mosquitto-clients) with API-issued credentials')), () => {
  let platform: Platform;
  let data: Awaited<ReturnType<typeof makeTempDir>>;
  let caFile: string;

  beforeAll(async () => {
    data = await makeTempDir('mosquitto');
    const certs = makeThrowawayCa(data.path);
    caFile = certs.caFile;
    platform = await startPlatform(
      loadConfig({
        KENDALI_DATA_DIR: data.path,
        KENDALI_HTTP_PORT: '0',
        KENDALI_MQTT_PORT: '0',
        KENDALI_MQTT_TLS_PORT: '0',
        KENDALI_TLS_CERT: certs.certFile,
        KENDALI_TLS_KEY: certs.keyFile,
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

  const latestLevel = async (id: string) =>
    (await apiJson<{ latest: { fields: { waterLevelCm: number } } | null }>(platform.addresses.http, `/api/devices/${id}`)).latest?.fields.waterLevelCm;

  it('publishes over TCP with mosquitto_pub and is stored', async () => {
    const secret = await registerDevice(platform.addresses.http, 'wl-mosq-tcp', { kind: 'water-level', name: 'Alamanda', district: 'Karawaci' });
    await run('mosquitto_pub', ['-h', '127.0.0.1', '-p', String(platform.addresses.mqttPort), '-i', 'wl-mosq-tcp', '-u', 'wl-mosq-tcp', '-P', secret, '-q', '1', '-t', deviceTopic('wl-mosq-tcp', 'telemetry'), '-m', '{"waterLevelCm": 201.5}']);
    expect(await waitFor(latestLevel.bind(null, 'wl-mosq-tcp'), 'the reading')).toBe(201.5);
  });

  it('publishes over TLS, verifying the server against the throwaway CA', async () => {
    const secret = await registerDevice(platform.addresses.http, 'wl-mosq-tls', { kind: 'water-level', name: 'Bulakan', district: 'Periuk' });
    await run('mosquitto_pub', ['-h', '127.0.0.1', '-p', String(platform.addresses.mqttTlsPort), '--cafile', caFile, '-i', 'wl-mosq-tls', '-u', 'wl-mosq-tls', '-P', secret, '-q', '1', '-t', deviceTopic('wl-mosq-tls', 'telemetry'), '-m', '{"waterLevelCm": 202.5}']);
    expect(await waitFor(latestLevel.bind(null, 'wl-mosq-tls'), 'the reading')).toBe(202.5);
  });

  it('is refused with a wrong secret', async () => {
    await registerDevice(platform.addresses.http, 'wl-mosq-bad', { kind: 'water-level', name: 'Kali Sabi', district: 'Cibodas' });
    const attempt = run('mosquitto_pub', ['-h', '127.0.0.1', '-p', String(platform.addresses.mqttPort), '-i', 'wl-mosq-bad', '-u', 'wl-mosq-bad', '-P', 'not-the-secret', '-q', '1', '-t', deviceTopic('wl-mosq-bad', 'telemetry'), '-m', '{"waterLevelCm": 1}']);
    await expect(attempt).rejects.toMatchObject({ stderr: expect.stringMatching(/not authori[sz]ed|bad user name or password/i) });
  });

  it("hears its own rejections with mosquitto_sub on the device's errors topic", async () => {
    const secret = await registerDevice(platform.addresses.http, 'wl-mosq-sub', { kind: 'water-level', name: 'Puri Kartika', district: 'Ciledug' });
    const base = ['-h', '127.0.0.1', '-p', String(platform.addresses.mqttPort), '-u', 'wl-mosq-sub', '-P', secret];
    const subscribed = new Promise<void>((resolve) =>
      platform.broker.on('subscribed', ({ topics }) => {
        if (topics.includes(deviceTopic('wl-mosq-sub', 'errors'))) resolve();
      }),
    );
    const listening = run('mosquitto_sub', [...base, '-i', 'wl-mosq-sub:listen', '-t', deviceTopic('wl-mosq-sub', 'errors'), '-C', '1', '-W', '10']);
    await subscribed; // publish only once the subscription is in place
    await run('mosquitto_pub', [...base, '-i', 'wl-mosq-sub', '-q', '1', '-t', deviceTopic('wl-mosq-sub', 'telemetry'), '-m', '{"waterLevelCm": "banjir"}']);
    const notice = JSON.parse((await listening).stdout) as { code: string; message: string };
    expect(notice.code).toBe('KENDALI_ERR_FIELD_TYPE');
  });
});
