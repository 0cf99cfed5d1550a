import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { deviceTopic } from '@kendali/contracts';
import {
  makeTempDir,
  registerDevice,
  spawnPlatform,
  serverSuite,
  startMosquitto,
  testAdminToken,
  type Mosquitto,
  type RunningPlatform,
} from '@kendali/test-support';

const broker = serverSuite('mosquitto');

const hookSecret = 'emqx-hook-secret-of-the-platform-suite';
const ingestUser = { username: 'kendali-ingest', password: 'ingest-password-of-the-suite' };

/**
 * The platform process in external broker mode with KENDALI_BROKER_HOOK_SECRET: what EMQX would ask
 * over HTTP, answered from the registry the API keeps. No EMQX can run here: an open Mosquitto
 * (no accounts of its own) carries ingest, and this suite plays EMQX's HTTP authenticator and
 * authoriser, sending the bodies of the README's emqx.conf (the contract itself, JSON and
 * form-encoded, is platform/src/external-broker/broker-hooks.test.ts).
 */
describe.skipIf(!broker.available)(broker.title("external broker mode: EMQX's HTTP hooks served by the platform process"), () => {
  let mosquitto: Mosquitto;
  let data: Awaited<ReturnType<typeof makeTempDir>>;
  let platform: RunningPlatform;

  beforeAll(async () => {
    mosquitto = await startMosquitto({ accounts: 'none' });
    data = await makeTempDir('emqx-hooks');
    platform = await spawnPlatform(
      {
        KENDALI_DATA_DIR: data.path,
        KENDALI_MQTT_URL: mosquitto.url,
        KENDALI_MQTT_DYNAMIC_SECURITY: '0',
        KENDALI_MQTT_USERNAME: ingestUser.username,
        KENDALI_MQTT_PASSWORD: ingestUser.password,
        KENDALI_BROKER_HOOK_SECRET: hookSecret,
      },
      { stopWithParent: true },
    );
  });

  afterAll(async () => {
    await platform?.stop();
    await mosquitto?.close();
    await data?.remove();
  });

  const ask = async (hook: 'authenticate' | 'authorize', body: Record<string, string>, authorization = `Bearer ${hookSecret}`) => {
    const response = await fetch(`${platform.http}/api/broker/emqx/${hook}`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', accept: 'application/json', 'cache-control': 'no-cache', authorization },
      body: JSON.stringify(body),
    });
    return { status: response.status, body: (await response.json()) as unknown };
  };

  it("lets in a device registered through the API and Kendali's own user, keeps the device to its topics, and opens only to the hook secret", async () => {
    const secret = await registerDevice(platform.http, 'wl-emqx-1', { kind: 'water-level', name: 'Pos Sewan', district: 'Karawaci' });
    const device = { clientid: 'wl-emqx-1', username: 'wl-emqx-1', peerhost: '10.30.0.1' };
    expect(await ask('authenticate', { ...device, password: secret })).toEqual({ status: 200, body: { result: 'allow', is_superuser: false } });
    expect(await ask('authenticate', { ...device, password: `${secret}x` })).toEqual({ status: 200, body: { result: 'deny', is_superuser: false } });
    const ingest = { clientid: 'kendali-worker-1', username: ingestUser.username, password: ingestUser.password, peerhost: '10.30.0.2' };
    expect(await ask('authenticate', ingest)).toEqual({ status: 200, body: { result: 'allow', is_superuser: false } });

    const access = (action: string, topic: string) => ({ clientid: 'wl-emqx-1', username: 'wl-emqx-1', peerhost: '10.30.0.1', action, topic, qos: '1', retain: 'false' });
    expect((await ask('authorize', access('publish', deviceTopic('wl-emqx-1', 'telemetry')))).body).toEqual({ result: 'allow' });
    expect((await ask('authorize', access('publish', deviceTopic('wl-emqx-2', 'telemetry')))).body).toEqual({ result: 'deny' });

    for (const authorization of [`Bearer ${testAdminToken}`, `Bearer ${hookSecret.slice(1)}`]) {
      const refused = await ask('authenticate', { ...device, password: secret }, authorization);
      expect(refused).toMatchObject({ status: 401, body: { error: { code: 'KENDALI_ERR_BROKER_HOOK_SECRET' } } });
    }
  });
});
