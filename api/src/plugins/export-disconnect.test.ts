import { request } from 'node:http';
import type { AddressInfo } from 'node:net';
import { readdir } from 'node:fs/promises';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { manualClock } from '@kendali/contracts';
import { openApiUnderTest, type ApiUnderTest } from '../testing/api-under-test';

// 100 stations, a reading a minute for 1,000 minutes: 100,000 readings, about 11 MB of CSV, more
// than the sockets between client and server hold, written by the database in several slices.
const base = Date.parse('2026-03-10T00:00:00Z');
const minuteMs = 60_000;
const stations = 100;
const minutes = 1_000;
const clock = manualClock(base + minutes * minuteMs);
let api: ApiUnderTest;
let operator: { authorization: string };

beforeAll(async () => {
  api = await openApiUnderTest('export-disconnect', { clock });
  const { registry, pipeline } = api.core;
  for (let i = 0; i < stations; i++) {
    const id = `aq-${String(i).padStart(3, '0')}`;
    await registry.create(id, { kind: 'air-quality', name: `AQ ${i}`, district: i % 2 === 0 ? 'Cipondoh' : 'Pinang' });
    const batch = Array.from({ length: minutes }, (_, minute) => ({ ts: base + minute * minuteMs, pm25: 10 + ((i + minute) % 90) / 10, temperatureC: 28.5 }));
    await pipeline.acceptTelemetry(id, Buffer.from(JSON.stringify(batch)));
  }
  operator = await api.bearer('operator');
  await api.app.listen({ port: 0, host: '127.0.0.1' });
}, 120_000);

afterAll(async () => {
  await api.close();
});

/** The export counters of /metrics. */
async function exportCounters(): Promise<{ exports: number; rows: number }> {
  const text = (await api.app.inject({ method: 'GET', url: '/metrics', headers: operator })).body;
  const value = (pattern: RegExp) => Number(pattern.exec(text)?.[1] ?? Number.NaN);
  return { exports: value(/^kendali_exports_total\{format="csv"\} (\d+)$/m), rows: value(/^kendali_export_rows_total (\d+)$/m) };
}

describe('GET /api/export when the client goes away', () => {
  it('stops the export, leaving no temporary file and no query behind', async () => {
    const before = await exportCounters();
    const { port } = api.app.server.address() as AddressInfo;
    // The client reads the first bytes, then hangs up without reading on.
    await new Promise<void>((resolve, reject) => {
      const asking = request({ host: '127.0.0.1', port, path: `/api/export?kind=air-quality&fields=pm25,temperatureC&from=${base}&to=${base + minutes * minuteMs}`, headers: operator }, (answer) => {
        expect(answer.statusCode).toBe(200);
        answer.once('data', () => {
          answer.pause();
          asking.destroy();
          resolve();
        });
      });
      asking.once('error', (error) => (error.message.includes('socket hang up') ? undefined : reject(error)));
      asking.end();
    });
    // The export ends (and is counted) once the server has noticed the client gone.
    let after = await exportCounters();
    while (after.exports === before.exports) {
      await new Promise((resolve) => setImmediate(resolve));
      after = await exportCounters();
    }
    expect(after.rows - before.rows).toBeLessThan(stations * minutes);
    expect(await readdir(join(api.dataDir, 'exports-in-progress'))).toEqual([]);
    // The store answers the next export in full.
    const whole = await api.app.inject({ method: 'GET', url: `/api/export?kind=air-quality&fields=pm25&from=${base}&to=${base + 10 * minuteMs}`, headers: operator });
    expect(whole.body.trimEnd().split('\n')).toHaveLength(1 + 10 * stations);
  });
});
