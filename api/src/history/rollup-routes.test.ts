import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { manualClock } from '@kendali/contracts';
import { openApiUnderTest, type ApiUnderTest } from '../testing/api-under-test';

const hourMs = 3_600_000;
// 10:00 WIB; the readings below are the hour before it, one a minute.
const now = Date.parse('2026-03-10T03:00:00Z');
const clock = manualClock(now);
let api: ApiUnderTest;
let admin: { authorization: string };

beforeAll(async () => {
  api = await openApiUnderTest('rollup-routes', { clock });
  admin = await api.bearer('admin');
  await api.core.registry.create('wl-1', { kind: 'water-level', name: 'Pintu Air 1', district: 'Tangerang' });
  const readings = Array.from({ length: 60 }, (_, minute) => ({ ts: now - hourMs + minute * 60_000, waterLevelCm: 100 + minute }));
  const outcome = await api.core.pipeline.acceptTelemetry('wl-1', Buffer.from(JSON.stringify(readings)));
  expect(outcome).toMatchObject({ stored: 60 });
});

afterAll(() => api.close());

const history = async (query: string) => {
  const response = await api.app.inject({ url: `/api/telemetry?device=wl-1&field=waterLevelCm&from=${now - hourMs}&to=${now}&${query}`, headers: admin });
  expect(response.statusCode, response.body).toBe(200);
  return response.json() as { tier: string; points: { t: number; value: number }[] };
};

describe('/api/telemetry and the roll-up tiers', () => {
  it('says which tier answered: hourly, 1-minute, or raw readings for raw points and buckets off the minute grid', async () => {
    expect(await history('every=1h&fn=count')).toEqual(expect.objectContaining({ tier: '1h', points: [{ t: now - hourMs, value: 60 }] }));
    const fiveMinutes = await history('every=5m&fn=max');
    expect(fiveMinutes.tier).toBe('1m');
    expect(fiveMinutes.points.map((point) => point.value)).toEqual([104, 109, 114, 119, 124, 129, 134, 139, 144, 149, 154, 159]);
    expect(await history('every=90s&fn=count')).toMatchObject({ tier: 'raw' });
    expect((await history('fn=mean')).tier).toBe('raw');
  });
});

describe('POST /api/admin/rollups/rebuild', () => {
  it('recomputes whole hours of the range and says how many buckets it wrote', async () => {
    const response = await api.app.inject({ method: 'POST', url: '/api/admin/rollups/rebuild', headers: admin, payload: { from: '2026-03-10T09:15', to: '2026-03-10T09:45', kind: 'water-level' } });
    expect(response.statusCode, response.body).toBe(200);
    expect(response.json()).toEqual({ buckets: 60 + 1, tookMs: expect.any(Number) });
    expect((await history('every=1h&fn=mean')).points).toEqual([{ t: now - hourMs, value: 129.5 }]);
  });

  it('refuses a range that ends before it starts, naming the parameters', async () => {
    const response = await api.app.inject({ method: 'POST', url: '/api/admin/rollups/rebuild', headers: admin, payload: { from: '2026-03-10T10:00', to: '2026-03-10T09:00' } });
    expect(response.statusCode).toBe(400);
    expect(response.json()).toEqual({ error: { code: 'KENDALI_ERR_RANGE_INVALID', message: expect.stringContaining('"from" must be before "to"') } });
  });
});

describe('/metrics', () => {
  it('reports the roll-up lag and the rows retention deleted', async () => {
    const metrics = (await api.app.inject({ url: '/metrics', headers: admin })).body;
    expect(metrics).toMatch(/^kendali_rollup_lag_seconds 0$/m);
    expect(metrics).toMatch(/^kendali_retention_deleted_rows_total\{tier="raw"\} 0$/m);
  });
});
