import { writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { DuckDBInstance } from '@duckdb/node-api';
import ExcelJS from 'exceljs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { manualClock, type DeviceProfile } from '@kendali/contracts';
import { openApiUnderTest, type ApiUnderTest } from '../testing/api-under-test';

// 2026-03-10 07:00 WIB is 00:00 UTC; a camera reporting its health for two hours.
const base = Date.parse('2026-03-10T00:00:00Z');
const minuteMs = 60_000;
const clock = manualClock(base + 3 * 3_600_000);
/** A value CSV must quote: a comma and double quotes. */
const awkward = 'lens "fogged", cleaning';

const cctv: DeviceProfile = {
  labels: { id: 'CCTV', en: 'CCTV' },
  intervalS: 60,
  fields: {
    status: { type: 'string', values: ['ok', 'degraded', 'down', awkward], required: true, valueLabels: { down: { id: 'Mati', en: 'Down' } } },
    fps: { type: 'number', min: 0, max: 120 },
  },
};

let api: ApiUnderTest;
let operator: { authorization: string };

beforeAll(async () => {
  api = await openApiUnderTest('string-field', { clock });
  operator = await api.bearer('operator');
  const admin = await api.bearer('admin');
  expect((await api.app.inject({ method: 'PUT', url: '/api/kinds/cctv', headers: admin, payload: cctv })).statusCode).toBe(201);
  await api.core.registry.create('cam-1', { kind: 'cctv', name: 'Kamera Alun-alun', district: 'Cipondoh' });
  const states = ['ok', 'degraded', awkward, 'down'];
  const batch = Array.from({ length: 120 }, (_, minute) => ({ ts: base + minute * minuteMs, status: states[Math.floor(minute / 30)], fps: minute < 90 ? 25 : 0 }));
  expect(await api.core.pipeline.acceptTelemetry('cam-1', Buffer.from(JSON.stringify(batch)))).toMatchObject({ stored: 120, rejections: [] });
});

afterAll(async () => {
  await api?.close();
});

const get = (url: string) => api.app.inject({ method: 'GET', url, headers: operator });
const range = `from=${base}&to=${base + 120 * minuteMs}`;

describe('a string field through the API', () => {
  it('answers its history raw as the values sent, and buckets with the last value and the count', async () => {
    const raw = (await get(`/api/telemetry?device=cam-1&field=status&${range}`)).json<{ points: { t: number; value: unknown }[] }>();
    expect(raw.points).toHaveLength(120);
    expect(raw.points.slice(29, 31)).toEqual([{ t: base + 29 * minuteMs, value: 'ok' }, { t: base + 30 * minuteMs, value: 'degraded' }]);
    const last = (await get(`/api/telemetry?device=cam-1&field=status&every=1h&fn=last&${range}`)).json<{ fn: string; points: unknown[] }>();
    expect(last).toMatchObject({ fn: 'last', points: [{ t: base, value: 'degraded' }, { t: base + 3_600_000, value: 'down' }] });
    const count = (await get(`/api/telemetry?device=cam-1&field=status&every=1h&fn=count&${range}`)).json<{ points: unknown[] }>();
    expect(count.points).toEqual([{ t: base, value: 60 }, { t: base + 3_600_000, value: 60 }]);
  });

  it.each([
    ['a mean', 'fn=mean&', 'mean'],
    ['a maximum', 'fn=max&', 'max'],
    ['no fn (the default, mean)', '', 'mean'],
  ])('refuses buckets of a string field asked with %s, naming the aggregates it has', async (_name, fn, refused) => {
    const answer = await get(`/api/telemetry?device=cam-1&field=status&every=1h&${fn}${range}`);
    expect(answer.statusCode).toBe(400);
    expect(answer.json()).toEqual({
      error: { code: 'KENDALI_ERR_AGGREGATE_UNSUPPORTED', message: `"status" of cctv is a string field: its buckets have no ${refused}; ask for fn=last or fn=count` },
    });
  });

  it('answers the city-wide history with last and count of it, and refuses a mean of it beside a number field', async () => {
    const answer = await get(`/api/history?device=cam-1&fields=status,fps&fn=last,count&every=1h&${range}`);
    expect(answer.statusCode).toBe(200);
    const series = answer.json<{ series: { field: string; fn: string; points: { value: unknown }[] }[] }>().series;
    expect(series.map((one) => [one.field, one.fn, one.points.map((point) => point.value)])).toEqual([
      ['fps', 'count', [60, 60]],
      ['fps', 'last', [25, 0]],
      ['status', 'count', [60, 60]],
      ['status', 'last', ['degraded', 'down']],
    ]);
    const refused = await get(`/api/history?device=cam-1&fields=fps,status&fn=mean&every=1h&${range}`);
    expect(refused.statusCode).toBe(400);
    expect(refused.json<{ error: { code: string } }>().error.code).toBe('KENDALI_ERR_AGGREGATE_UNSUPPORTED');
    const rawHistory = await get(`/api/history?device=cam-1&fields=status&${range}`);
    expect(rawHistory.json<{ series: { points: unknown[] }[] }>().series[0]?.points).toHaveLength(120);
  });

  it('exports its values: quoted in CSV, UTF-8 strings in Parquet, text cells in XLSX', async () => {
    const csv = await get(`/api/export?device=cam-1&fields=status,fps&from=${base + 59 * minuteMs}&to=${base + 61 * minuteMs}`);
    expect(csv.statusCode).toBe(200);
    expect(csv.body.replace(/^\uFEFF/, '').trimEnd().split('\n')).toEqual([
      'time (WIB),time (UTC),device,kind,district,status,fps',
      '2026-03-10T07:59:00.000+07:00,2026-03-10T00:59:00.000Z,cam-1,cctv,Cipondoh,degraded,25',
      '2026-03-10T08:00:00.000+07:00,2026-03-10T01:00:00.000Z,cam-1,cctv,Cipondoh,"lens ""fogged"", cleaning",25',
    ]);

    const parquet = await get(`/api/export?device=cam-1&fields=status&fn=last,count&every=30m&${range}&format=parquet`);
    expect(parquet.statusCode).toBe(200);
    const file = join(api.dataDir, 'status.parquet');
    await writeFile(file, parquet.rawPayload);
    const instance = await DuckDBInstance.create(':memory:');
    try {
      const connection = await instance.connect();
      const types = await connection.runAndReadAll(`SELECT name, converted_type FROM parquet_schema('${file}') WHERE name LIKE 'status%'`);
      expect(types.getRowObjectsJS()).toEqual([{ name: 'status last', converted_type: 'UTF8' }, { name: 'status count', converted_type: null }]);
      const rows = await connection.runAndReadAll(`SELECT "status last" AS last, "status count" AS count FROM read_parquet('${file}')`);
      expect(rows.getRowObjectsJS()).toEqual([
        { last: 'ok', count: 30 },
        { last: 'degraded', count: 30 },
        { last: awkward, count: 30 },
        { last: 'down', count: 30 },
      ]);
      connection.closeSync();
    } finally {
      instance.closeSync();
    }

    const xlsx = await get(`/api/export?device=cam-1&fields=status&from=${base + 119 * minuteMs}&to=${base + 120 * minuteMs}&format=xlsx`);
    const workbook = new ExcelJS.Workbook();
    await workbook.xlsx.load(xlsx.rawPayload as unknown as ArrayBuffer);
    const cell = workbook.getWorksheet('data')?.getRow(2).getCell(6);
    expect([cell?.type, cell?.value]).toEqual([ExcelJS.ValueType.String, 'down']);
  });
});
