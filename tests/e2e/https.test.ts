import { X509Certificate } from 'node:crypto';
import { copyFileSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { request as httpRequest, type IncomingHttpHeaders } from 'node:http';
import { request as httpsRequest } from 'node:https';
import { connect as connectTcp } from 'node:net';
import { connect as connectTls } from 'node:tls';
import { connectAsync, type MqttClient } from 'mqtt';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ConnectRefusal } from '@kendali/broker';
import { deviceTopic } from '@kendali/contracts';
import { ConfigError, TlsPairError, loadConfig, type Platform } from '@kendali/platform';
import { authHeaders, makeTempDir, makeThrowawayCa, runKendaliCli, startTestPlatform, systemSuite, testAdminToken, testedVersions, waitFor, type TestCertificates } from '@kendali/test-support';

const ssl = systemSuite('/usr/bin/openssl', 'apt-get install openssl', testedVersions.openssl);
const adminPassword = 'gerbang-tol-karawaci-2026';

let platform: Platform;
let stopPlatform: (() => Promise<void>) | undefined;
let certsDir: Awaited<ReturnType<typeof makeTempDir>> | undefined;
let certs: TestCertificates;
let ca: Buffer;
let mqttTls: { readonly certFile: string; readonly keyFile: string };
const mqttsDevice = { id: 'wl-mqtts-renewed', secret: '' };
const clients: MqttClient[] = [];

beforeAll(async () => {
  if (!ssl.available) return;
  certsDir = await makeTempDir('https-ca');
  certs = makeThrowawayCa(certsDir.path);
  ca = readFileSync(certs.caFile);
  // MQTT over TLS on its own port, from copies of the same pair, so each port's reload is seen alone.
  mqttTls = { certFile: join(certsDir.path, 'mqtt.crt'), keyFile: join(certsDir.path, 'mqtt.key') };
  copyFileSync(certs.certFile, mqttTls.certFile);
  copyFileSync(certs.keyFile, mqttTls.keyFile);
  // The test's own requests come from 127.0.0.1, standing in for a proxy that re-encrypts to Kendali.
  ({ platform, stop: stopPlatform } = await startTestPlatform('https', {
    KENDALI_HTTP_TLS_CERT: certs.certFile,
    KENDALI_HTTP_TLS_KEY: certs.keyFile,
    KENDALI_TRUST_PROXY: '127.0.0.1',
    KENDALI_ADMIN_PASSWORD: adminPassword,
    KENDALI_MQTT_TLS_PORT: '0',
    KENDALI_TLS_CERT: mqttTls.certFile,
    KENDALI_TLS_KEY: mqttTls.keyFile,
  }));
  // Registered while the HTTP port still serves the first certificate (a later case renews it).
  const created = await https('/api/devices', { method: 'POST', headers: authHeaders(), body: { id: mqttsDevice.id, kind: 'water-level', name: 'Pos Sarakan', district: 'Tangerang' } });
  mqttsDevice.secret = (JSON.parse(created.body) as { secret: string }).secret;
}, 120_000);

afterAll(async () => {
  await Promise.all(clients.splice(0).map((client) => client.endAsync(true)));
  await stopPlatform?.();
  await certsDir?.remove();
});

interface Answer {
  readonly status: number;
  readonly headers: IncomingHttpHeaders;
  readonly body: string;
}

/** A request over HTTPS that trusts only `trusted` (default: the throwaway CA). */
function https(path: string, options: { method?: string; headers?: Record<string, string>; body?: unknown; trusted?: Buffer | null } = {}): Promise<Answer> {
  const body = options.body === undefined ? undefined : JSON.stringify(options.body);
  return new Promise((resolve, reject) => {
    const request = httpsRequest(
      {
        host: '127.0.0.1',
        port: platform.addresses.httpPort,
        path,
        method: options.method ?? 'GET',
        // null: the machine's own CAs, which do not know the throwaway one
        ...(options.trusted === null ? {} : { ca: options.trusted ?? ca }),
        servername: 'localhost',
        headers: { ...options.headers, ...(body === undefined ? {} : { 'content-type': 'application/json' }) },
      },
      (response) => {
        let text = '';
        response.setEncoding('utf8');
        response.on('data', (chunk: string) => (text += chunk));
        response.on('end', () => resolve({ status: response.statusCode ?? 0, headers: response.headers, body: text }));
      },
    );
    request.on('error', reject);
    request.end(body);
  });
}

/** The certificate the HTTPS port shows a new connection. */
function servedCertificate(trusted: Buffer, port = platform.addresses.httpPort): Promise<X509Certificate> {
  return new Promise((resolve, reject) => {
    const socket = connectTls({ host: '127.0.0.1', port, ca: trusted, servername: 'localhost' }, () => {
      resolve(new X509Certificate(socket.getPeerX509Certificate()!.raw));
      socket.destroy();
    });
    socket.on('error', reject);
  });
}

const sessionCookieOf = (answer: Answer) => (answer.headers['set-cookie'] ?? []).find((cookie) => cookie.startsWith('kendali_session='));

describe.runIf(ssl.available)(ssl.title('the HTTP port serving HTTPS'), () => {
  it('prints https and wss addresses, and serves the dashboard and the API to a client trusting only its CA', async () => {
    expect(platform.addresses.http).toBe(`https://127.0.0.1:${platform.addresses.httpPort}`);
    expect(platform.addresses.mqttWebSocket).toBe(`wss://127.0.0.1:${platform.addresses.httpPort}/mqtt`);
    const page = await https('/wall');
    expect(page.status).toBe(200);
    expect(page.headers['content-type']).toMatch(/^text\/html/);
    expect(page.body).toContain('<div id="root">');
    const devices = await https('/api/devices', { headers: authHeaders() });
    expect(devices.status).toBe(200);
    expect((JSON.parse(devices.body) as { id: string }[]).map((device) => device.id)).toEqual([mqttsDevice.id]);
    await expect(https('/healthz', { trusted: null })).rejects.toThrow(/self[- ]signed certificate in certificate chain|unable to verify/i);
  });

  it('sends Strict-Transport-Security and the other security headers', async () => {
    for (const path of ['/wall', '/api/devices', '/docs']) {
      const { headers } = await https(path, { headers: authHeaders() });
      expect(headers, path).toMatchObject({
        'strict-transport-security': 'max-age=31536000',
        'x-content-type-options': 'nosniff',
        'x-frame-options': 'DENY',
        'referrer-policy': 'no-referrer',
      });
      expect(headers['content-security-policy'], path).toMatch(/^default-src 'self';.*frame-ancestors 'none'/);
    }
  });

  it('streams live frames over TLS', async () => {
    const firstFrame = await new Promise<string>((resolve, reject) => {
      const request = httpsRequest({ host: '127.0.0.1', port: platform.addresses.httpPort, path: '/api/live', ca, servername: 'localhost', headers: { ...authHeaders(), accept: 'text/event-stream' } }, (response) => {
        let text = '';
        response.setEncoding('utf8');
        response.on('data', (chunk: string) => {
          text += chunk;
          const frame = /event: frame\n(?:id: \d+\n)?data: (.*)\n\n/.exec(text);
          if (frame) {
            resolve(frame[1]!);
            request.destroy();
          }
        });
        response.on('end', () => reject(new Error(`the stream ended before a frame: ${text.slice(0, 500)}`)));
      });
      request.on('error', reject);
      request.end();
    });
    // The first frame is the snapshot: it alone carries the trend.
    expect(JSON.parse(firstFrame)).toMatchObject({ seq: expect.any(Number), trend: expect.any(Array) });
  });

  it('takes a device over MQTT on wss://…/mqtt and stores its reading', async () => {
    const id = 'wl-wss-cisadane';
    const created = await https('/api/devices', { method: 'POST', headers: authHeaders(), body: { id, kind: 'water-level', name: 'Pos Cisadane', district: 'Tangerang' } });
    expect(created.status).toBe(201);
    const { secret } = JSON.parse(created.body) as { secret: string };
    const client = await connectAsync(platform.addresses.mqttWebSocket, { ca, servername: 'localhost', clientId: id, username: id, password: secret, reconnectPeriod: 0 });
    clients.push(client);
    // A QoS 1 PUBACK comes once the reading is stored.
    await client.publishAsync(deviceTopic(id, 'telemetry'), '{"waterLevelCm": 187.5}', { qos: 1 });
    const device = JSON.parse((await https(`/api/devices/${id}`, { headers: authHeaders() })).body) as { latest: { fields: Record<string, number> } | null };
    expect(device.latest?.fields).toEqual({ waterLevelCm: 187.5 });
  });

  it('judges a device on wss behind a trusted proxy by the address the proxy forwarded', async () => {
    const refusals: ConnectRefusal[] = [];
    const record = (refusal: ConnectRefusal) => refusals.push(refusal);
    platform.broker.on('connectRefused', record);
    try {
      const connecting = connectAsync(platform.addresses.mqttWebSocket, {
        ca,
        servername: 'localhost',
        clientId: 'wl-not-registered',
        username: 'wl-not-registered',
        password: 'not-a-secret',
        reconnectPeriod: 0,
        wsOptions: { headers: { 'x-forwarded-for': '203.0.113.50' } },
      });
      await expect(connecting).rejects.toThrow(/Not authorized|Bad username or password/i);
      expect(refusals).toEqual([expect.objectContaining({ clientId: 'wl-not-registered', remoteAddress: '203.0.113.50' })]);
    } finally {
      platform.broker.off('connectRefused', record);
    }
  });

  it('signs in over HTTPS with a Secure session cookie', async () => {
    const answer = await https('/api/auth/login', { method: 'POST', body: { username: 'admin', password: adminPassword } });
    expect(answer.status).toBe(200);
    expect(sessionCookieOf(answer)).toMatch(/; Secure(;|$)/);
  });

  it('never answers a plain-HTTP request on the HTTPS port, so no cookie goes over plain HTTP', async () => {
    const received = await new Promise<Buffer>((resolve, reject) => {
      const socket = connectTcp(platform.addresses.httpPort, '127.0.0.1', () => {
        const body = JSON.stringify({ username: 'admin', password: adminPassword });
        socket.write(`POST /api/auth/login HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Type: application/json\r\nContent-Length: ${body.length}\r\n\r\n${body}`);
      });
      const chunks: Buffer[] = [];
      socket.on('data', (chunk) => chunks.push(chunk));
      socket.on('error', () => undefined); // a reset is an answer too
      socket.on('close', () => resolve(Buffer.concat(chunks)));
      socket.setTimeout(30_000, () => reject(new Error('the HTTPS port kept a plain-HTTP connection open')));
    });
    expect(received.toString('latin1')).toBe(''); // not a byte: no status line, no cookie
    await expect(
      new Promise((resolve, reject) => httpRequest({ host: '127.0.0.1', port: platform.addresses.httpPort, path: '/healthz' }, resolve).on('error', reject).end()),
    ).rejects.toThrow();
  });

  it('refuses a request a trusted proxy forwarded from plain HTTP, with no cookie; believes one it forwarded from HTTPS', async () => {
    const fromHttp = await https('/api/auth/login', { method: 'POST', headers: { 'x-forwarded-proto': 'http', 'x-forwarded-for': '198.51.100.7' }, body: { username: 'admin', password: adminPassword } });
    expect(fromHttp.status).toBe(403);
    expect(JSON.parse(fromHttp.body).error.code).toBe('KENDALI_ERR_HTTPS_REQUIRED');
    expect(fromHttp.headers['set-cookie']).toBeUndefined();
    const fromHttps = await https('/api/auth/login', { method: 'POST', headers: { 'x-forwarded-proto': 'https', 'x-forwarded-for': '198.51.100.7' }, body: { username: 'admin', password: adminPassword } });
    expect(fromHttps.status).toBe(200);
    expect(sessionCookieOf(fromHttps)).toMatch(/; Secure(;|$)/);
  });

  it('refuses MQTT over WebSocket that a trusted proxy forwarded from plain HTTP, before the device’s secret is read', async () => {
    const refusals: string[] = [];
    const record = (event: { message: string }) => refusals.push(event.message);
    platform.broker.on('clientError', record);
    try {
      // What a proxy sends for a browser's ws:// upgrade: answered 403 with the reason, never switched to MQTT.
      const refused = await new Promise<{ status: number; body: string }>((resolve, reject) => {
        const upgrade = httpsRequest({
          host: '127.0.0.1',
          port: platform.addresses.httpPort,
          path: '/mqtt',
          ca,
          servername: 'localhost',
          headers: { connection: 'Upgrade', upgrade: 'websocket', 'sec-websocket-version': '13', 'sec-websocket-key': 'a2VuZGFsaS13c3MtdGVzdA==', 'sec-websocket-protocol': 'mqtt', 'x-forwarded-proto': 'http' },
        });
        upgrade.on('upgrade', () => reject(new Error('upgraded to a WebSocket')));
        upgrade.on('response', (response) => {
          let body = '';
          response.setEncoding('utf8');
          response.on('data', (chunk: string) => (body += chunk));
          response.on('end', () => resolve({ status: response.statusCode ?? 0, body }));
        });
        upgrade.on('error', reject);
        upgrade.end();
      });
      expect(refused.status).toBe(403);
      expect(JSON.parse(refused.body).error.code).toBe('KENDALI_ERR_HTTPS_REQUIRED');
      expect(refusals).toEqual([expect.stringMatching(/refused before upgrade: .*serves HTTPS only/)]);
      const { id, secret } = mqttsDevice;
      const client = await connectAsync(platform.addresses.mqttWebSocket, { ca, servername: 'localhost', clientId: id, username: id, password: secret, reconnectPeriod: 0, wsOptions: { headers: { 'x-forwarded-proto': 'https' } } });
      clients.push(client);
      expect(client.connected).toBe(true);
    } finally {
      platform.broker.off('clientError', record);
    }
  });

  it('backs up through the HTTPS port with `kendali backup`, trusting exactly the certificate of KENDALI_HTTP_TLS_CERT', async () => {
    const target = await makeTempDir('https-backup');
    try {
      const env = { KENDALI_HOST: '127.0.0.1', KENDALI_HTTP_PORT: String(platform.addresses.httpPort), KENDALI_HTTP_TLS_CERT: certs.certFile, KENDALI_ADMIN_TOKEN: testAdminToken };
      const backup = await runKendaliCli(['backup', join(target.path, 'copy')], env);
      expect(backup.code, backup.stderr).toBe(0);
      expect(backup.stderr).not.toContain('copying the data directory'); // taken through the API, not the fallback
      expect(backup.stdout).toMatch(/^Backup written to .*copy: \d+ files/);
      // Another certificate than the one the settings name: refused before the token is sent, no fallback to the data directory.
      const impostor = await runKendaliCli(['backup', join(target.path, 'other')], { ...env, KENDALI_HTTP_TLS_CERT: certs.caFile });
      expect(impostor.code).not.toBe(0);
      expect(impostor.stderr).toMatch(/shows another certificate than KENDALI_HTTP_TLS_CERT=.*ca\.crt: is another server listening there\? Nothing was sent/);
    } finally {
      await target.remove();
    }
  });

  it('serves a renewed certificate after a reload, and keeps the old one when the new files do not make a pair', async () => {
    const before = await servedCertificate(ca);
    expect(before.fingerprint256).toBe(new X509Certificate(readFileSync(certs.certFile)).fingerprint256);
    const renewedDir = await makeTempDir('https-renewed');
    try {
      const renewed = makeThrowawayCa(renewedDir.path);
      copyFileSync(renewed.keyFile, certs.keyFile); // the old certificate with a new key: no pair
      expect(() => platform.reloadHttpTls()).toThrow(TlsPairError);
      expect((await servedCertificate(ca)).fingerprint256).toBe(before.fingerprint256);
      copyFileSync(renewed.certFile, certs.certFile);
      expect(platform.reloadHttpTls()).toBe(true);
      const after = await servedCertificate(readFileSync(renewed.caFile));
      expect(after.fingerprint256).toBe(new X509Certificate(readFileSync(renewed.certFile)).fingerprint256);
      expect(after.fingerprint256).not.toBe(before.fingerprint256);
    } finally {
      await renewedDir.remove();
    }
  });

  it('renews MQTT over TLS on its own port on a reload, and keeps its old pair when the new files do not make one', async () => {
    const port = platform.addresses.mqttTlsPort ?? Number.NaN;
    const before = await servedCertificate(ca, port);
    const renewedDir = await makeTempDir('mqtt-tls-renewed');
    try {
      const renewed = makeThrowawayCa(renewedDir.path);
      copyFileSync(renewed.keyFile, mqttTls.keyFile);
      expect(() => platform.reloadMqttTls()).toThrow(/^KENDALI_TLS_KEY=".*mqtt\.key" is not the private key of the certificate in KENDALI_TLS_CERT=/);
      expect((await servedCertificate(ca, port)).fingerprint256).toBe(before.fingerprint256);
      copyFileSync(renewed.certFile, mqttTls.certFile);
      expect(platform.reloadMqttTls()).toBe(true);
      const after = await servedCertificate(readFileSync(renewed.caFile), port);
      expect(after.fingerprint256).toBe(new X509Certificate(readFileSync(renewed.certFile)).fingerprint256);
      expect(after.fingerprint256).not.toBe(before.fingerprint256);
      // A device trusting the new CA connects over the renewed port, and its reading is stored.
      const { id, secret } = mqttsDevice;
      const client = await connectAsync(`mqtts://127.0.0.1:${port}`, { ca: readFileSync(renewed.caFile), servername: 'localhost', clientId: id, username: id, password: secret, reconnectPeriod: 0 });
      clients.push(client);
      await client.publishAsync(deviceTopic(id, 'telemetry'), '{"waterLevelCm": 201}', { qos: 1 });
      expect(await waitFor(() => platform.core.live.device(id)?.latest?.fields, 'the reading sent over the renewed port')).toEqual({ waterLevelCm: 201 });
    } finally {
      await renewedDir.remove();
    }
  });

  it('refuses at start a key that is not the certificate’s, or a certificate where the key should be, naming the setting', () => {
    const problems = (cert: string, key: string) => {
      try {
        loadConfig({ KENDALI_HTTP_TLS_CERT: cert, KENDALI_HTTP_TLS_KEY: key });
      } catch (error) {
        if (error instanceof ConfigError) return error.problems;
        throw error;
      }
      return [];
    };
    const caKey = certs.caFile.replace(/ca\.crt$/, 'ca.key');
    expect(problems(certs.caFile, certs.caFile)).toEqual([expect.stringMatching(/^KENDALI_HTTP_TLS_KEY=".*ca\.crt" holds no unencrypted PEM private key/)]);
    expect(problems(certs.caFile, caKey)).toEqual([]);
    expect(problems(certs.caFile, certs.keyFile)).toEqual([
      expect.stringMatching(/^KENDALI_HTTP_TLS_KEY=".*server\.key" is not the private key of the certificate in KENDALI_HTTP_TLS_CERT=".*ca\.crt" \(CN=Kendali test CA\): set both to the files of one certificate/),
    ]);
  });
});
