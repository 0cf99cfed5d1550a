import { writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { DuckDBInstance } from '@duckdb/node-api';
import ExcelJS from 'exceljs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { manualClock } from '@kendali/contracts';
import { openApiUnderTest, type ApiUnderTest } from '../testing/api-under-test';

// 2026-03-10 07:00 WIB is 00:00 UTC; a reading a minute for two hours from three posts in two districts.
const base = Date.parse('2026-03-10T00:00:00Z');
const minuteMs = 60_000;
const clock = manualClock(base + 3 * 3_600_000);
let api: ApiUnderTest;
let operator: { authorization: string };

beforeAll(async () => {
  api = await openApiUnderTest('export', { clock });
  const { registry, pipeline } = api.core;
  await registry.create('aq-1', { kind: 'air-quality', name: 'AQ Cipondoh 1', district: 'Cipondoh' });
  await registry.create('aq-2', { kind: 'air-quality', name: 'AQ Cipondoh 2', district: 'Cipondoh' });
  await registry.create('aq-3', { kind: 'air-quality', name: 'AQ Pinang', district: 'Pinang' });
  await registry.create('sl-1', { kind: 'street-light', name: 'PJU 1', district: 'Pinang' });
  for (const [id, pm25] of [['aq-1', 10], ['aq-2', 30], ['aq-3', 50]] as const) {
    const batch = Array.from({ length: 120 }, (_, minute) => ({ ts: base + minute * minuteMs, pm25: pm25 + (minute % 2), temperatureC: 28.5 }));
    await pipeline.acceptTelemetry(id, Buffer.from(JSON.stringify(batch)));
  }
  await pipeline.acceptTelemetry('sl-1', Buffer.from(JSON.stringify([{ ts: base, lampOn: true, dimmingLevel: 0.4 }])));
  operator = await api.bearer('operator');
});

afterAll(async () => {
  await api.close();
});

const get = (url: string, headers = operator) => api.app.inject({ method: 'GET', url, headers });

/** Reads a file with DuckDB, a reader that shares no code with the writers. */
async function readWithDuckDb(name: string, bytes: Buffer, reader: string): Promise<Record<string, unknown>[]> {
  const file = join(api.dataDir, name);
  await writeFile(file, bytes);
  const instance = await DuckDBInstance.create(':memory:');
  try {
    const connection = await instance.connect();
    const result = await connection.runAndReadAll(`SELECT * FROM ${reader}('${file}')`);
    connection.closeSync();
    return result.getRowObjectsJS();
  } finally {
    instance.closeSync();
  }
}

describe('GET /api/export', () => {
  it('writes raw readings as CSV: units in the header, the city time and UTC, every reading once', async () => {
    const answer = await get(`/api/export?kind=air-quality&fields=pm25,temperatureC&from=${base}&to=${base + 120 * minuteMs}`);
    expect(answer.statusCode).toBe(200);
    expect(answer.headers['content-type']).toBe('text/csv; charset=utf-8');
    expect(answer.headers['content-disposition']).toBe('attachment; filename="kendali-air-quality-2026-03-10-2026-03-10.csv"');
    const lines = answer.body.replace(/^\uFEFF/, '').trimEnd().split('\n');
    expect(lines[0]).toBe('time (WIB),time (UTC),device,kind,district,pm25 (µg/m³),temperatureC (°C)');
    expect(lines[1]).toBe('2026-03-10T07:00:00.000+07:00,2026-03-10T00:00:00.000Z,aq-1,air-quality,Cipondoh,10,28.5');
    expect(lines).toHaveLength(1 + 360);
    const rows = await readWithDuckDb('raw.csv', answer.rawPayload, 'read_csv_auto');
    expect(rows.filter((row) => row.device === 'aq-3').map((row) => Number(row['pm25 (µg/m³)']))).toEqual(Array.from({ length: 120 }, (_, m) => 50 + (m % 2)));
  });

  it('writes buckets per district as Parquet that another reader opens, with the figures of the readings', async () => {
    const answer = await get(`/api/export?kind=air-quality&fields=pm25&fn=mean,max,count&every=1h&groupBy=district&from=${base}&to=${base + 120 * minuteMs}&format=parquet`);
    expect(answer.statusCode).toBe(200);
    expect(answer.headers['content-type']).toBe('application/vnd.apache.parquet');
    const rows = await readWithDuckDb('buckets.parquet', answer.rawPayload, 'read_parquet');
    const summary = rows.map((row) => [row.district, (row['time (UTC)'] as Date).toISOString?.() ?? String(row['time (UTC)']), row['pm25 mean (µg/m³)'], row['pm25 max (µg/m³)'], row['pm25 count']]);
    expect(summary).toEqual([
      ['Cipondoh', expect.stringMatching(/^2026-03-10[T ]00:00:00/), 20.5, 31, 120],
      ['Cipondoh', expect.stringMatching(/^2026-03-10[T ]01:00:00/), 20.5, 31, 120],
      ['Pinang', expect.stringMatching(/^2026-03-10[T ]00:00:00/), 50.5, 51, 60],
      ['Pinang', expect.stringMatching(/^2026-03-10[T ]01:00:00/), 50.5, 51, 60],
    ]);
    expect(rows[0]?.['time (WIB)']).toBe('2026-03-10T07:00:00.000+07:00');
  });

  it('writes an XLSX workbook whose date cells hold the city time and UTC', async () => {
    const answer = await get(`/api/export?device=sl-1,aq-1&fields=pm25,lampOn&from=${base}&to=${base + 2 * minuteMs}&format=xlsx`);
    expect(answer.statusCode).toBe(200);
    const workbook = new ExcelJS.Workbook();
    await workbook.xlsx.load(answer.rawPayload as unknown as ArrayBuffer);
    const sheet = workbook.getWorksheet('data');
    const values = (n: number) => (sheet?.getRow(n).values as unknown[]).slice(1);
    expect(values(1)).toEqual(['time (WIB)', 'time (UTC)', 'device', 'kind', 'district', 'pm25 (µg/m³)', 'lampOn']);
    const rows = [values(2), values(3), values(4)];
    expect(rows.map((row) => [row[2], (row[0] as Date).toISOString(), (row[1] as Date).toISOString()])).toEqual(
      expect.arrayContaining([['aq-1', '2026-03-10T07:00:00.000Z', '2026-03-10T00:00:00.000Z'], ['sl-1', '2026-03-10T07:00:00.000Z', '2026-03-10T00:00:00.000Z']]),
    );
    expect(rows.find((row) => row[2] === 'sl-1')?.[6]).toBe(true);
  });

  it('refuses what it cannot export, with the reason, and needs the operator role', async () => {
    const bad = async (url: string) => (await get(url)).json<{ error: { code: string; message: string } }>().error;
    expect(await bad('/api/export?fields=pm25')).toMatchObject({ code: 'KENDALI_ERR_SELECTOR_INVALID', message: expect.stringContaining('at least one of device, kind, district or city') });
    expect(await bad('/api/export?kind=air-quality&fields=pm25&format=pdf')).toMatchObject({ code: 'KENDALI_ERR_REQUEST_INVALID' });
    expect(await bad('/api/export?kind=air-quality&fields=noise')).toMatchObject({ code: 'KENDALI_ERR_SELECTOR_INVALID', message: expect.stringContaining('"noise"') });
    const viewer = await api.bearer('viewer');
    expect((await get('/api/export?kind=air-quality&fields=pm25', viewer)).statusCode).toBe(403);
  });

  it('counts exports and their rows in /metrics', async () => {
    const before = await get('/metrics');
    await get(`/api/export?device=aq-1&fields=pm25&from=${base}&to=${base + 10 * minuteMs}`);
    const after = (await get('/metrics')).body;
    const count = (text: string) => Number(/kendali_exports_total\{format="csv"\} (\d+)/.exec(text)?.[1] ?? 0);
    expect(count(after)).toBe(count(before.body) + 1);
    expect(after).toMatch(/kendali_export_rows_total \d+/);
  });
});
