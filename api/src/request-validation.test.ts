import type { FastifyInstance } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Core } from '@kendali/ingest';
import { openApiUnderTest, type ApiUnderTest } from './testing/api-under-test';

let api: ApiUnderTest;
let core: Core;
let app: FastifyInstance;
let engineer: Record<string, string>;
let alarmId: string;

beforeAll(async () => {
  api = await openApiUnderTest('request-validation');
  ({ core, app } = api);
  engineer = await api.bearer('engineer');
  await core.registry.create('aq-benda-1', { kind: 'air-quality', name: 'AQ Benda 1', district: 'Benda' });
  core.alarms.stop(); // alarm time is driven here
  const t0 = Date.parse('2026-11-23T03:00:00Z');
  for (const at of [t0, t0 + 60_000]) {
    core.alarms.onReadings([{ deviceId: 'aq-benda-1', kind: 'air-quality', district: 'Benda', ts: at, receivedAt: at, fields: { pm25: 300 } }], at);
  }
  alarmId = core.alarms.openAlarms()[0]!.id;
});

afterAll(() => api?.close());

const errorOf = (response: { json(): unknown }) => (response.json() as { error: { code: string; message: string } }).error;

describe('JSON bodies are validated as sent, never coerced', () => {
  it.each([
    ['a boolean for a text field', { id: false, kind: 'traffic', name: 'X', district: 'Benda' }, 'body/id must be string'],
    ['a number for a text field', { id: 'tr-1', kind: 'traffic', name: 42, district: 'Benda' }, 'body/name must be string'],
    ['text for a number', { id: 'tr-1', kind: 'traffic', name: 'X', district: 'Benda', lat: '-6.2' }, 'body/lat must be number'],
    ['text for a boolean', { id: 'tr-1', kind: 'traffic', name: 'X', district: 'Benda', enabled: 'false' }, 'body/enabled must be boolean'],
    ['a field nobody defined', { id: 'tr-1', kind: 'traffic', name: 'X', district: 'Benda', colour: 'red' }, 'body must NOT have additional properties'],
    ['a missing required field', { id: 'tr-1', kind: 'traffic', name: 'X' }, "body must have required property 'district'"],
  ])('POST /api/devices with %s answers 400 and registers nothing', async (_name, payload, message) => {
    const response = await app.inject({ method: 'POST', url: '/api/devices', headers: engineer, payload });
    expect(response.statusCode).toBe(400);
    expect(errorOf(response)).toEqual({ code: 'KENDALI_ERR_REQUEST_INVALID', message: expect.stringContaining(message) });
    expect(core.registry.list().map((device) => device.id)).toEqual(['aq-benda-1']);
  });

  it('refuses unknown fields in a PATCH too', async () => {
    const response = await app.inject({ method: 'PATCH', url: '/api/devices/aq-benda-1', headers: engineer, payload: { name: 'AQ Benda', colour: 'red' } });
    expect(response.statusCode).toBe(400);
    expect(errorOf(response).code).toBe('KENDALI_ERR_REQUEST_INVALID');
    expect(core.registry.get('aq-benda-1')?.name).toBe('AQ Benda 1');
  });

  it('refuses a JSON number beyond a double (parsed as Infinity)', async () => {
    const payload = '{"id":"aq-far","kind":"air-quality","name":"Far","district":"Benda","lat":1e400}';
    const response = await app.inject({ method: 'POST', url: '/api/devices', headers: { ...engineer, 'content-type': 'application/json' }, payload });
    expect(response.statusCode).toBe(400);
    expect(errorOf(response)).toEqual({ code: 'KENDALI_ERR_REQUEST_INVALID', message: expect.stringContaining('body/lat') });
  });

  it('still coerces the query string, which is text', async () => {
    const response = await app.inject({ url: '/api/rejections?limit=5', headers: engineer });
    expect(response.statusCode).toBe(200);
    const dryRun = await app.inject({ method: 'POST', url: '/api/devices/import?dryRun=true', headers: engineer, payload: [] });
    expect(dryRun.json()).toMatchObject({ dryRun: true });
  });
});

describe('an optional body may be left out', () => {
  it('acknowledges an alarm with no body and no content type', async () => {
    const operator = await api.bearer('operator');
    const response = await app.inject({ method: 'POST', url: `/api/alarms/${alarmId}/ack`, headers: operator });
    expect(response.statusCode, response.body).toBe(200);
    expect(response.json()).toMatchObject({ id: alarmId, state: 'acknowledged', ackComment: null });
  });

  it('answers a PATCH with no body with the device unchanged', async () => {
    const response = await app.inject({ method: 'PATCH', url: '/api/devices/aq-benda-1', headers: engineer });
    expect(response.statusCode, response.body).toBe(200);
    expect(response.json()).toMatchObject({ id: 'aq-benda-1', name: 'AQ Benda 1' });
  });

  it('answers a JSON content type with an empty body 400, as that announces a body', async () => {
    const operator = await api.bearer('operator');
    const response = await app.inject({ method: 'POST', url: `/api/alarms/${alarmId}/ack`, headers: { ...operator, 'content-type': 'application/json' }, payload: '' });
    expect(response.statusCode).toBe(400);
    expect(errorOf(response).code).toBe('KENDALI_ERR_REQUEST_INVALID');
  });

  it('still needs a required body', async () => {
    const operator = await api.bearer('operator');
    const response = await app.inject({ method: 'POST', url: `/api/alarms/${alarmId}/shelve`, headers: operator });
    expect(response.statusCode).toBe(400);
    expect(errorOf(response)).toEqual({ code: 'KENDALI_ERR_REQUEST_INVALID', message: expect.stringContaining('body must be object') });
  });
});

describe('what Fastify refuses before a route runs has a code of ours', () => {
  it('answers an unparsable JSON body 400', async () => {
    const response = await app.inject({ method: 'POST', url: '/api/devices', headers: { ...engineer, 'content-type': 'application/json' }, payload: '{"id": ' });
    expect(response.statusCode).toBe(400);
    expect(errorOf(response).code).toBe('KENDALI_ERR_REQUEST_INVALID');
  });

  it('answers a body over the limit 413', async () => {
    const payload = JSON.stringify({ id: 'x', kind: 'traffic', name: 'x'.repeat(1024 * 1024), district: 'Benda' });
    const response = await app.inject({ method: 'POST', url: '/api/devices', headers: { ...engineer, 'content-type': 'application/json' }, payload });
    expect(response.statusCode).toBe(413);
    expect(errorOf(response)).toEqual({ code: 'KENDALI_ERR_BODY_TOO_LARGE', message: expect.any(String) });
  });

  it('answers a content type without a parser 415, naming it', async () => {
    const response = await app.inject({ method: 'POST', url: '/api/devices', headers: { ...engineer, 'content-type': 'application/xml' }, payload: '<device/>' });
    expect(response.statusCode).toBe(415);
    expect(errorOf(response)).toEqual({ code: 'KENDALI_ERR_CONTENT_TYPE_UNSUPPORTED', message: expect.stringContaining('"application/xml"') });
  });

  it('answers a path that does not decode 400 in the one error shape', async () => {
    const response = await app.inject({ url: '/api/devices/%E0%A4%A', headers: engineer });
    expect(response.statusCode).toBe(400);
    expect(errorOf(response)).toEqual({ code: 'KENDALI_ERR_REQUEST_INVALID', message: expect.stringContaining('not a valid url component') });
  });
});

describe('a refused import', () => {
  it('is an error with the report of every bad row', async () => {
    const payload = [{ id: 'tr-1', kind: 'traffic', name: 'Jl. Sudirman', district: 'Tangerang' }, { id: 'bad id', kind: 'lamp' }];
    const response = await app.inject({ method: 'POST', url: '/api/devices/import', headers: engineer, payload });
    expect(response.statusCode).toBe(400);
    const body = response.json();
    expect(body.error).toEqual({ code: 'KENDALI_ERR_IMPORT_INVALID', message: expect.stringContaining('"problems"') });
    expect(body.problems).toEqual(expect.arrayContaining([expect.objectContaining({ line: 2, id: 'bad id' })]));
    expect(core.registry.get('tr-1')).toBeUndefined();
  });
});
