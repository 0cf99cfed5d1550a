import { mkdtemp, rm } from 'node:fs/promises';
import { request as httpRequest } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Writable } from 'node:stream';
import { pino } from 'pino';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildApi, type HookVerdict } from '@kendali/api';
import { deviceTopic, systemClock } from '@kendali/contracts';
import { defaultIngestOptions, openCore, type Core } from '@kendali/ingest';
import { loadConfig } from '../config';
import { brokerHooks } from './broker-hooks';

/**
 * EMQX's HTTP authenticator and authoriser against the API as the platform builds it, by contract:
 * EMQX 5 (documentation of 5.8, "Access Control") renders the body template of emqx.conf with
 * every value a string and POSTs it as JSON (`content-type: application/json`, its default), or
 * form-encoded when the template's headers ask for `application/x-www-form-urlencoded`; it sends its
 * default headers (accept, cache-control, connection, keep-alive) with the ones configured. No EMQX
 * runs here: these are the requests it sends, as its documentation and source describe them.
 */
const hookSecret = 'emqx-hook-secret-of-the-contract-test';
const ingestUser = { username: 'kendali-ingest', password: 'ingest pass+word/=&' }; // characters a form encoding must carry
const emqxHeaders = { accept: 'application/json', 'cache-control': 'no-cache', connection: 'keep-alive', 'keep-alive': 'timeout=30, max=1000', authorization: `Bearer ${hookSecret}` };

let dataDir: string;
let core: Core;
let app: Awaited<ReturnType<typeof buildApi>>;
let logged = '';
const secrets: Record<string, string> = {};
/** An admin's API token and signed-in session: neither opens the hooks. */
const people = { token: '', cookie: '' };

beforeAll(async () => {
  dataDir = await mkdtemp(join(tmpdir(), 'kendali-broker-hooks-'));
  const config = loadConfig({
    KENDALI_DATA_DIR: dataDir,
    KENDALI_MQTT_URL: 'mqtt://emqx.example.internal:1883',
    KENDALI_MQTT_DYNAMIC_SECURITY: '0',
    KENDALI_MQTT_USERNAME: ingestUser.username,
    KENDALI_MQTT_PASSWORD: ingestUser.password,
    KENDALI_BROKER_HOOK_SECRET: hookSecret,
  });
  core = await openCore({ ...defaultIngestOptions, dataDir, clock: systemClock });
  const sink = new Writable({
    write(chunk: Buffer, _encoding, done) {
      logged += chunk.toString();
      done();
    },
  });
  const logger = pino({ level: 'debug' }, sink);
  app = await buildApi({ services: core, clock: systemClock, logger, brokerHooks: brokerHooks(config.externalMqtt!, core, logger) });
  for (const id of ['wl-pintu-air-10', 'wl-pintu-air-11', 'wl-cisadane-3']) {
    secrets[id] = (await core.registry.create(id, { kind: 'water-level', name: id, district: 'Tangerang' })).secret;
  }
  await core.registry.update('wl-cisadane-3', { enabled: false });
  people.token = (await core.tokens.create('automation', 'admin')).token;
  await core.users.create({ username: 'dewi', displayName: 'Dewi', role: 'admin', password: 'Menara-Air-Benda-42' }, 'broker hooks test');
  people.cookie = `kendali_session=${(await core.sessions.begin('dewi')).id}`;
});

afterAll(async () => {
  await app?.close();
  await core?.close();
  await rm(dataDir, { recursive: true, force: true });
});

type Form = Record<string, string>;
const json = (body: Form) => ({ headers: { ...emqxHeaders, 'content-type': 'application/json' }, payload: JSON.stringify(body) });
const formEncoded = (body: Form) => ({ headers: { ...emqxHeaders, 'content-type': 'application/x-www-form-urlencoded' }, payload: new URLSearchParams(body).toString() });
const authenticate = (sent: { headers: Record<string, string>; payload: string }) => app.inject({ method: 'POST', url: '/api/broker/emqx/authenticate', ...sent });
const authorize = (sent: { headers: Record<string, string>; payload: string }) => app.inject({ method: 'POST', url: '/api/broker/emqx/authorize', ...sent });

/** The authenticator's body as the README's emqx.conf templates it: `${clientid}`, `${username}`, `${password}`, `${peerhost}`. */
const credentials = (username: string, password: string, peerhost: string, clientid = username) => ({ clientid, username, password, peerhost });
/** The authoriser's body: every placeholder the README's template names, as strings. */
const question = (username: string, action: string, topic: string, extra: Form = {}) => ({ clientid: username, username, peerhost: '10.20.0.40', action, topic, qos: '1', retain: 'false', ...extra });

describe("EMQX's HTTP authenticator", () => {
  it('lets in a registered device with its secret, answered as EMQX 5 reads it: 200, JSON, result and is_superuser', async () => {
    const answer = await authenticate(json(credentials('wl-pintu-air-10', secrets['wl-pintu-air-10']!, '10.20.0.1')));
    expect(answer.statusCode).toBe(200);
    expect(answer.headers['content-type']).toMatch(/^application\/json/);
    expect(answer.json()).toEqual({ result: 'allow', is_superuser: false });
  });

  it("takes the same request form-encoded, and lets in Kendali's own user, with its own rights rather than a superuser's", async () => {
    expect((await authenticate(formEncoded(credentials('wl-pintu-air-11', secrets['wl-pintu-air-11']!, '10.20.0.2')))).json()).toEqual({ result: 'allow', is_superuser: false });
    const ingest = await authenticate(formEncoded(credentials(ingestUser.username, ingestUser.password, '10.20.0.2', 'kendali-3f9c2a7b41d0e865')));
    expect(ingest.json()).toEqual({ result: 'allow', is_superuser: false });
  });

  it('denies a wrong secret, a disabled device, a client id of another device and a wrong password of its own user', async () => {
    const denied = [
      credentials('wl-pintu-air-10', secrets['wl-pintu-air-11']!, '10.20.0.3'),
      credentials('wl-cisadane-3', secrets['wl-cisadane-3']!, '10.20.0.3'),
      credentials('wl-pintu-air-10', secrets['wl-pintu-air-10']!, '10.20.0.3', 'wl-pintu-air-11'),
      credentials(ingestUser.username, 'ingest pass word/=&', '10.20.0.3'),
    ];
    for (const body of denied) expect((await authenticate(json(body))).json(), JSON.stringify(body)).toEqual({ result: 'deny', is_superuser: false });
    expect(logged).toContain('"reason":"device \\"wl-cisadane-3\\" is disabled"');
  });

  it("leaves a user name Kendali does not know, or none, to EMQX's next authenticator", async () => {
    expect((await authenticate(json(credentials('plc-gedung-sate', 'its own password', '10.20.0.4')))).json()).toEqual({ result: 'ignore', is_superuser: false });
    // EMQX renders an absent user name and password as empty strings.
    expect((await authenticate(json(credentials('', '', '10.20.0.4', 'anonymous-7')))).json()).toEqual({ result: 'ignore', is_superuser: false });
  });

  it('locks a device id out after 10 wrong secrets from one peerhost, without punishing another device behind that address or the device elsewhere', async () => {
    const gateway = '10.20.0.5'; // a district's NAT gateway: many devices, one address
    for (let attempt = 1; attempt <= 10; attempt += 1) {
      expect((await authenticate(json(credentials('wl-pintu-air-10', 'a-secret-from-before-the-rotation', gateway)))).json().result).toBe('deny');
    }
    expect((await authenticate(json(credentials('wl-pintu-air-10', secrets['wl-pintu-air-10']!, gateway)))).json().result).toBe('deny');
    expect(logged).toContain(`"reason":"too many failed connects as \\"wl-pintu-air-10\\" from ${gateway}; blocked for a while"`);
    expect((await authenticate(json(credentials('wl-pintu-air-11', secrets['wl-pintu-air-11']!, gateway)))).json().result).toBe('allow');
    expect((await authenticate(json(credentials('wl-pintu-air-10', secrets['wl-pintu-air-10']!, '10.20.0.6')))).json().result).toBe('allow');
  });

  it('locks out an address from which 20 device ids failed (a scan), strangers included', async () => {
    const scanner = '10.20.0.7';
    for (let n = 1; n <= 20; n += 1) expect((await authenticate(json(credentials(`guess-${n}`, 'guess', scanner)))).json().result).toBe('ignore');
    expect((await authenticate(json(credentials('guess-21', 'guess', scanner)))).json().result).toBe('deny');
    expect((await authenticate(json(credentials('wl-pintu-air-11', secrets['wl-pintu-air-11']!, scanner)))).json().result).toBe('deny');
    expect((await authenticate(json(credentials('wl-pintu-air-11', secrets['wl-pintu-air-11']!, '10.20.0.8')))).json().result).toBe('allow');
  });
});

describe("EMQX's HTTP authoriser", () => {
  it('allows a device its own topics and denies it the others, in JSON and form-encoded', async () => {
    const id = 'wl-pintu-air-10';
    const asked: [Form, HookVerdict][] = [
      [question(id, 'publish', deviceTopic(id, 'telemetry')), 'allow'],
      [question(id, 'publish', deviceTopic(id, 'status'), { retain: 'true' }), 'allow'],
      [question(id, 'subscribe', deviceTopic(id, 'commands')), 'allow'],
      [question(id, 'publish', deviceTopic('wl-pintu-air-11', 'telemetry')), 'deny'],
      [question(id, 'publish', deviceTopic(id, 'errors')), 'deny'],
      [question(id, 'subscribe', 'kendali/v1/devices/+/telemetry'), 'deny'],
    ];
    for (const [body, expected] of asked) {
      for (const encode of [json, formEncoded]) expect((await authorize(encode(body))).json(), `${body.action} ${body.topic}`).toEqual({ result: expected });
    }
  });

  it("allows Kendali's own user its shared subscriptions (EMQX asks without $share/kendali/) and answers to devices", async () => {
    for (const channel of ['telemetry', 'status']) {
      expect((await authorize(json(question(ingestUser.username, 'subscribe', `kendali/v1/devices/+/${channel}`)))).json()).toEqual({ result: 'allow' });
    }
    expect((await authorize(json(question(ingestUser.username, 'publish', deviceTopic('wl-pintu-air-10', 'errors'))))).json()).toEqual({ result: 'allow' });
    expect((await authorize(json(question(ingestUser.username, 'publish', deviceTopic('wl-pintu-air-10', 'telemetry'))))).json()).toEqual({ result: 'deny' });
  });

  it('denies a device disabled after it connected, and strangers anything that could reach Kendali\'s topics; leaves them the rest', async () => {
    await core.registry.update('wl-pintu-air-11', { enabled: false });
    expect((await authorize(json(question('wl-pintu-air-11', 'publish', deviceTopic('wl-pintu-air-11', 'telemetry'))))).json()).toEqual({ result: 'deny' });
    await core.registry.update('wl-pintu-air-11', { enabled: true });
    expect((await authorize(json(question('plc-gedung-sate', 'subscribe', '#')))).json()).toEqual({ result: 'deny' });
    expect((await authorize(json(question('plc-gedung-sate', 'publish', deviceTopic('wl-pintu-air-10', 'telemetry'))))).json()).toEqual({ result: 'deny' });
    expect((await authorize(json(question('plc-gedung-sate', 'publish', 'gedung-sate/lift-2/status')))).json()).toEqual({ result: 'ignore' });
  });
});

describe('the hooks are for the broker only', () => {
  const body = json(credentials('wl-pintu-air-10', 'x', '10.20.0.9'));
  const withoutSecret = Object.fromEntries(Object.entries(body.headers).filter(([name]) => name !== 'authorization'));

  it.each([
    ['no credential', () => ({})],
    ['a wrong secret', () => ({ authorization: `Bearer ${hookSecret}x` })],
    ["an admin's API token", () => ({ authorization: `Bearer ${people.token}` })],
    ["an admin's session", () => ({ cookie: people.cookie })],
    ['the secret in another scheme', () => ({ authorization: `Basic ${Buffer.from(`emqx:${hookSecret}`).toString('base64')}` })],
  ])('refuses %s with 401 KENDALI_ERR_BROKER_HOOK_SECRET, on both routes', async (_what, credential) => {
    const authorization = credential();
    for (const url of ['/api/broker/emqx/authenticate', '/api/broker/emqx/authorize']) {
      const answer = await app.inject({ method: 'POST', url, headers: { ...withoutSecret, ...authorization }, payload: body.payload });
      expect(answer.statusCode, url).toBe(401);
      expect(answer.json().error.code, url).toBe('KENDALI_ERR_BROKER_HOOK_SECRET');
    }
  });

  it('answers a body without a key the template must have with 400, which EMQX takes as ignore', async () => {
    const answer = await authenticate(json({ clientid: 'wl-pintu-air-10', username: 'wl-pintu-air-10', password: 'x' }));
    expect(answer.statusCode).toBe(400);
    expect(answer.json().error).toMatchObject({ code: 'KENDALI_ERR_REQUEST_INVALID', message: expect.stringContaining('peerhost') });
  });

  it('writes no device secret, no password and not the hook secret to the log, and nothing of the hooks to the audit log', async () => {
    expect(logged).toContain('mqtt connect refused');
    for (const secret of [...Object.values(secrets), ingestUser.password, hookSecret]) expect(logged).not.toContain(secret);
    expect((await core.audit.query({ limit: 1_000 })).filter((entry) => entry.action.includes('/api/broker/'))).toEqual([]);
  });
});

describe('over real HTTP', () => {
  it('answers the exact request EMQX sends: its headers, and the JSON body of the README\'s template', async () => {
    await app.listen({ port: 0, host: '127.0.0.1' });
    const { port } = app.server.address() as AddressInfo;
    const payload = JSON.stringify(credentials('wl-pintu-air-10', secrets['wl-pintu-air-10']!, '10.20.0.10'));
    const answer = await new Promise<{ status: number; type: string | undefined; body: string }>((resolve, reject) => {
      const sent = httpRequest(
        { host: '127.0.0.1', port, method: 'POST', path: '/api/broker/emqx/authenticate', headers: { ...emqxHeaders, 'content-type': 'application/json', 'content-length': Buffer.byteLength(payload) } },
        (response) => {
          let body = '';
          response.setEncoding('utf8');
          response.on('data', (chunk: string) => (body += chunk));
          response.on('end', () => resolve({ status: response.statusCode ?? 0, type: response.headers['content-type'], body }));
        },
      );
      sent.on('error', reject);
      sent.end(payload);
    });
    expect(answer.status).toBe(200);
    expect(answer.type).toMatch(/^application\/json/);
    expect(JSON.parse(answer.body)).toEqual({ result: 'allow', is_superuser: false });
  });
});
