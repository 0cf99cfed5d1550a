import { readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { FastifyInstance } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Core } from '@kendali/ingest';
import { openApiUnderTest, type ApiUnderTest } from './testing/api-under-test';
import { apiErrors } from './errors';

let api: ApiUnderTest;
let core: Core;
let app: FastifyInstance;
let admin: Record<string, string>;

beforeAll(async () => {
  api = await openApiUnderTest('api', { dashboardDir: join(tmpdir(), 'kendali-no-dashboard-here') });
  ({ core, app } = api);
  admin = await api.bearer('admin');
});

afterAll(() => api?.close());

describe('api', () => {
  it('registers a device, lists it and returns it with its newest reading', async () => {
    const created = await app.inject({
      method: 'PUT',
      url: '/api/devices/wl-pintu-air-10',
      headers: admin,
      payload: { kind: 'water-level', name: 'Pintu Air 10', district: 'Tangerang', lat: -6.18, lon: 106.63 },
    });
    expect(created.statusCode).toBe(201);
    expect(created.json().secret).toMatch(/^[\w-]{43}$/);
    const updated = await app.inject({
      method: 'PUT',
      url: '/api/devices/wl-pintu-air-10',
      headers: admin,
      payload: { kind: 'water-level', name: 'Bendung Pasar Baru', district: 'Tangerang' },
    });
    expect(updated.statusCode).toBe(200);
    expect(updated.json()).toMatchObject({ name: 'Bendung Pasar Baru', lat: null });
    expect(updated.json().secret).toBeUndefined();

    await core.pipeline.acceptTelemetry('wl-pintu-air-10', Buffer.from('{"waterLevelCm": 212.5}'));
    const list = await app.inject({ url: '/api/devices?kind=water-level', headers: admin });
    expect(list.json()).toEqual([
      expect.objectContaining({ id: 'wl-pintu-air-10', state: 'online', latest: expect.objectContaining({ fields: { waterLevelCm: 212.5 } }) }),
    ]);
    expect((await app.inject({ url: '/api/devices/wl-pintu-air-10', headers: admin })).json().latest.fields.waterLevelCm).toBe(212.5);
  });

  it('answers history with buckets', async () => {
    const now = Date.now();
    await core.pipeline.acceptTelemetry('wl-pintu-air-10', Buffer.from(JSON.stringify([{ ts: now - 120_000, waterLevelCm: 200 }, { ts: now - 110_000, waterLevelCm: 220 }])));
    const response = await app.inject({ url: `/api/telemetry?device=wl-pintu-air-10&field=waterLevelCm&from=${now - 180_000}&to=${now + 1}&every=1m&fn=max`, headers: admin });
    expect(response.statusCode).toBe(200);
    const body = response.json();
    expect(body).toMatchObject({ unit: 'cm', fn: 'max', everyMs: 60_000 });
    expect(body.points.map((p: { value: number }) => p.value)).toContain(220);
  });

  it.each([
    ['/api/devices/nope', 404, 'KENDALI_ERR_DEVICE_NOT_FOUND'],
    ['/api/devices/bad%20id', 400, 'KENDALI_ERR_REQUEST_INVALID'],
    ['/api/telemetry?device=nope&field=x', 404, 'KENDALI_ERR_DEVICE_NOT_FOUND'],
    ['/api/telemetry?device=wl-pintu-air-10&field=pm25', 400, 'KENDALI_ERR_FIELD_UNKNOWN'],
    ['/api/telemetry?device=wl-pintu-air-10&field=waterLevelCm&every=fortnight', 400, 'KENDALI_ERR_RANGE_INVALID'],
    ['/api/telemetry?device=wl-pintu-air-10&field=waterLevelCm&every=1ms&from=0', 400, 'KENDALI_ERR_RANGE_INVALID'],
    ['/api/telemetry?device=wl-pintu-air-10&field=waterLevelCm&fn=median', 400, 'KENDALI_ERR_REQUEST_INVALID'],
    // Times beyond 1970..9999 never reach the store (DuckDB refused them: "bigint out of int64 range").
    ['/api/telemetry?device=wl-pintu-air-10&field=waterLevelCm&to=99999999999999999999', 400, 'KENDALI_ERR_RANGE_INVALID'],
    ['/api/telemetry?device=wl-pintu-air-10&field=waterLevelCm&from=9223372036854775807', 400, 'KENDALI_ERR_RANGE_INVALID'],
    ['/api/telemetry?device=wl-pintu-air-10&field=waterLevelCm&to=%2B275760-09-13T00:00:00Z', 400, 'KENDALI_ERR_RANGE_INVALID'],
    ['/api/telemetry?device=wl-pintu-air-10&field=waterLevelCm&from=1969-12-31T23:59:59Z', 400, 'KENDALI_ERR_RANGE_INVALID'],
    ['/api/telemetry?device=wl-pintu-air-10&field=waterLevelCm&every=99999999999999999999d', 400, 'KENDALI_ERR_RANGE_INVALID'],
    ['/api/alarms?since=1e20', 400, 'KENDALI_ERR_REQUEST_INVALID'],
    ['/api/alarms?since=-1', 400, 'KENDALI_ERR_REQUEST_INVALID'],
    ['/api/alarms?limit=Infinity', 400, 'KENDALI_ERR_REQUEST_INVALID'],
    ['/api/rejections?limit=-1e400', 400, 'KENDALI_ERR_REQUEST_INVALID'],
    ['/api/devices/%E0%A4%A', 400, 'KENDALI_ERR_REQUEST_INVALID'],
    ['/api/nothing-here', 404, 'KENDALI_ERR_NOT_FOUND'],
    ['/wall', 503, 'KENDALI_ERR_DASHBOARD_MISSING'],
  ])('GET %s answers %i %s in the one error shape', async (url, status, code) => {
    const response = await app.inject({ url, headers: admin });
    expect(response.statusCode).toBe(status);
    expect(response.json()).toEqual({ error: { code, message: expect.any(String) } });
  });

  it.each([
    ['/api/alarms?since=1e20', 'querystring/since must be <= 253402300799999'],
    ['/api/alarms?since=Infinity', 'querystring/since must be a finite number'],
    ['/api/telemetry?device=wl-pintu-air-10&field=waterLevelCm&to=99999999999999999999', '"to" must be ms epoch or ISO 8601 (without a zone, the city\'s zone: WIB), between 1970 and 9999'],
    ['/api/telemetry?device=wl-pintu-air-10&field=waterLevelCm&from=-5', '"from" must be ms epoch or ISO 8601 (without a zone, the city\'s zone: WIB), between 1970 and 9999'],
  ])('GET %s names the parameter: %s', async (url, message) => {
    expect((await app.inject({ url, headers: admin })).json().error.message).toContain(message);
  });

  it('takes times at the edges of 1970..9999', async () => {
    const url = '/api/telemetry?device=wl-pintu-air-10&field=waterLevelCm&from=0&to=9999-12-31T23:59:59.999Z';
    const response = await app.inject({ url, headers: admin });
    expect(response.statusCode, response.body).toBe(200);
    expect(response.json()).toMatchObject({ from: 0, to: 253_402_300_799_999 });
    expect((await app.inject({ url: '/api/alarms?since=253402300799999&state=all', headers: admin })).json()).toEqual([]);
  });

  it('serves health, readiness, metrics and the OpenAPI document', async () => {
    expect((await app.inject({ url: '/healthz' })).json()).toEqual({ status: 'ok' });
    expect((await app.inject({ url: '/readyz' })).json()).toMatchObject({ ready: true });
    const metrics = (await app.inject({ url: '/metrics', headers: admin })).body;
    expect(metrics).toMatch(/kendali_readings_stored_total 3\n/);
    expect(metrics).toMatch(/kendali_messages_received_total 2\n/);
    expect(metrics).toMatch(/kendali_devices\{state="online"\} 1/);
    const openapi = (await app.inject({ url: '/docs/json' })).json();
    expect(Object.keys(openapi.paths)).toEqual(expect.arrayContaining(['/api/devices', '/api/devices/{id}', '/api/telemetry', '/api/live', '/healthz', '/readyz']));
  });

  it('documents every API error code in the README', () => {
    const readme = readFileSync(new URL('../../README.md', import.meta.url), 'utf8');
    for (const code of Object.keys(apiErrors)) expect(readme, `README lacks ${code}`).toContain(code);
  });
});
