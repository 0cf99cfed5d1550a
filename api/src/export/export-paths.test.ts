import { writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { DuckDBInstance } from '@duckdb/node-api';
import { stringify } from 'csv-stringify/sync';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { builtInCities, defaultCityId, manualClock, type Reading } from '@kendali/contracts';
import type { ReadingColumns, TelemetryReads } from '@kendali/ingest';
import { openApiUnderTest, type ApiUnderTest } from '../testing/api-under-test';
import { selectHistory } from '../history/history-selection';
import { csvExport } from './csv-export';
import { databaseExport, wallOffsets } from './database-export';
import { exportTable, wallTimeText } from './export-table';
import { parquetExport } from './parquet-export';

// Readings of two kinds (so each has fields the other lacks), a boolean field, a reading without
// one of its fields, many devices sharing an instant, and more readings than a page holds.
const base = Date.parse('2026-03-10T00:00:00Z');
const minuteMs = 60_000;
const clock = manualClock(base + 3 * 3_600_000);
const city = builtInCities[defaultCityId]!;
const zone = city.zone;
const dstChangeMs = Date.parse('2026-03-08T07:00:00Z');
let api: ApiUnderTest;

beforeAll(async () => {
  api = await openApiUnderTest('export-paths', { clock });
  const { registry, pipeline } = api.core;
  for (let i = 0; i < 30; i++) {
    const id = `aq-${String(i).padStart(2, '0')}`;
    await registry.create(id, { kind: 'air-quality', name: `AQ ${i}`, district: i % 2 === 0 ? 'Cipondoh' : 'Pinang' });
    const batch = Array.from({ length: 90 }, (_, minute) => ({ ts: base + minute * minuteMs, pm25: 10 + i + (minute % 7) / 10, ...(minute % 5 === 0 ? {} : { temperatureC: 28.5 + i / 4 }) }));
    await pipeline.acceptTelemetry(id, Buffer.from(JSON.stringify(batch)));
  }
  await registry.create('sl-1', { kind: 'street-light', name: 'PJU 1', district: 'Pinang' });
  const lights = Array.from({ length: 40 }, (_, minute) => ({ ts: base + minute * minuteMs + 500, lampOn: minute % 3 !== 0, dimmingLevel: 0.25 }));
  await pipeline.acceptTelemetry('sl-1', Buffer.from(JSON.stringify(lights)));
  // Two days before, around New York's change to daylight time (2026-03-08 07:00 UTC), with
  // values JavaScript and DuckDB print differently by default (26 / 26.0, 0.0000015 / 1.5e-06, 1e-7 / 1e-07).
  await registry.create('aq-dst', { kind: 'air-quality', name: 'AQ DST', district: 'Pinang' });
  const values = [26, 0.0000015, 1e-7, 0.1 + 0.2, 0, 999.875];
  const around = Array.from({ length: 48 }, (_, i) => ({ ts: dstChangeMs - 4 * 3_600_000 + i * 10 * minuteMs, pm25: values[i % values.length]!, temperatureC: -i / 8 }));
  await pipeline.acceptTelemetry('aq-dst', Buffer.from(JSON.stringify(around)));
});

afterAll(async () => {
  await api.close();
});

const query = { kind: 'air-quality,street-light', fields: 'pm25,temperatureC,lampOn', from: String(base), to: String(base + 90 * minuteMs), fn: 'mean', groupBy: 'device', format: 'csv' } as const;

type Asked = Parameters<typeof selectHistory>[0];

function selection(asked: Asked = query, inZone = zone) {
  const { registry, kinds } = api.core;
  return selectHistory(asked, { devices: () => registry.list(), cities: [city], clock, zone: inZone, kinds });
}

/** The store as one without columns of its own (InfluxDB) is seen: readings only. */
function readingsOnly(telemetry: TelemetryReads): Pick<TelemetryReads, 'readings' | 'historyAcross'> {
  return { readings: (q) => telemetry.readings(q), historyAcross: (q) => telemetry.historyAcross(q) };
}

async function bytesOf(chunks: AsyncIterable<Uint8Array>): Promise<Buffer> {
  const parts: Uint8Array[] = [];
  for await (const chunk of chunks) parts.push(chunk);
  return Buffer.concat(parts);
}

describe('raw exports from DuckDB columns and from readings', () => {
  it('has the embedded store read columns, and a page of columns per the page size', async () => {
    const { telemetry } = api.core;
    expect(telemetry.readingColumns).toBeTypeOf('function');
    const pages: ReadingColumns[] = [];
    for await (const page of telemetry.readingColumns!({ kind: 'air-quality', deviceIds: ['aq-00', 'aq-01'], fromMs: base, toMs: base + 10 * minuteMs, pageSize: 7, fields: ['temperatureC', 'pm25', 'noSuchField'] })) pages.push(page);
    expect(pages.every((page) => page.ts.length <= 7 && page.deviceIds.length === page.ts.length)).toBe(true);
    const all = <T>(column: (page: ReadingColumns) => readonly T[]) => pages.flatMap((page) => [...column(page)]);
    expect(all((page) => page.ts)).toHaveLength(20);
    expect(all((page) => page.deviceIds).slice(0, 3)).toEqual(['aq-00', 'aq-01', 'aq-00']);
    expect(all((page) => page.districts).slice(0, 2)).toEqual(['Cipondoh', 'Pinang']);
    expect(all((page) => page.ts).slice(0, 3)).toEqual([base, base, base + minuteMs]);
    // Fields in the order asked; temperatureC missing at minute 0; a field without a column is null.
    expect([0, 1, 2].map((i) => all((page) => page.fields[i]!).slice(0, 3))).toEqual([
      [null, null, 28.5],
      [10, 11, 10.1],
      [null, null, null],
    ]);
  });

  it('writes byte for byte the same CSV and Parquet either way', async () => {
    const { telemetry } = api.core;
    const fromColumns = exportTable(selection(), telemetry, zone);
    const fromReadings = exportTable(selection(), readingsOnly(telemetry), zone);
    const csv = await bytesOf(csvExport(fromColumns, zone));
    expect(csv.equals(await bytesOf(csvExport(fromReadings, zone)))).toBe(true);
    expect(fromColumns.rowCount()).toBe(30 * 90 + 40);
    const parquet = await bytesOf(parquetExport(exportTable(selection(), telemetry, zone), zone));
    expect(parquet.equals(await bytesOf(parquetExport(exportTable(selection(), readingsOnly(telemetry), zone), zone)))).toBe(true);
  });

  it('writes the CSV that csv-stringify writes from one row per reading', async () => {
    const { telemetry } = api.core;
    const csv = (await bytesOf(csvExport(exportTable(selection(), telemetry, zone), zone))).toString('utf8');
    const readings: Reading[] = [];
    for (const kind of ['air-quality', 'street-light']) {
      const deviceIds = api.core.registry.list().filter((device) => device.kind === kind).map((device) => device.id);
      for await (const page of telemetry.readings({ kind, deviceIds, fromMs: base, toMs: base + 90 * minuteMs, pageSize: 500 })) readings.push(...page);
    }
    const rows = readings.map((reading) => [
      wallTimeText(reading.ts, zone),
      new Date(reading.ts).toISOString(),
      reading.deviceId,
      reading.kind,
      reading.district,
      ...['pm25', 'temperatureC', 'lampOn'].map((field) => reading.fields[field] ?? ''),
    ]);
    const header = ['time (WIB)', 'time (UTC)', 'device', 'kind', 'district', 'pm25 (µg/m³)', 'temperatureC (°C)', 'lampOn'];
    expect(csv).toBe(`\uFEFF${stringify([header, ...rows], { cast: { boolean: String } })}`);
    expect(csv).toContain(',sl-1,street-light,Pinang,,,false\n');
  });
});

describe('raw exports written by the database', () => {
  const written = (format: 'csv' | 'parquet', asked: Asked = query, inZone = zone) => {
    const answer = databaseExport(selection(asked, inZone), api.core.telemetry, inZone, format, new AbortController().signal);
    if (answer === null) throw new Error('the embedded store writes files');
    return answer;
  };

  it('writes byte for byte the CSV the writer here writes, and counts its rows', async () => {
    const { telemetry } = api.core;
    const database = written('csv');
    const csv = await bytesOf(database.chunks);
    expect(csv.toString('utf8')).toBe((await bytesOf(csvExport(exportTable(selection(), telemetry, zone), zone))).toString('utf8'));
    expect(database.rowCount()).toBe(30 * 90 + 40);
    expect(database.tiers()).toEqual(['raw']);
  });

  it("writes the city's time across a change of offset, and numbers, as the writer here does", async () => {
    const newYork = { timeZone: 'America/New_York', abbreviation: 'ET' };
    const asked = { ...query, kind: 'air-quality', fields: 'pm25,temperatureC', from: String(dstChangeMs - 5 * 3_600_000), to: String(dstChangeMs + 5 * 3_600_000) };
    const csv = (await bytesOf(written('csv', asked, newYork).chunks)).toString('utf8');
    expect(csv).toBe((await bytesOf(csvExport(exportTable(selection(asked, newYork), api.core.telemetry, newYork), newYork))).toString('utf8'));
    expect(csv).toContain('2026-03-08T01:50:00.000-05:00,2026-03-08T06:50:00.000Z,aq-dst');
    expect(csv).toContain('2026-03-08T03:00:00.000-04:00,2026-03-08T07:00:00.000Z,aq-dst');
    expect(csv).toContain(',0.0000015,');
    expect(csv).toContain(',1e-7,-0.25\n');
  });

  it('finds where the offset changes, to the quarter hour', () => {
    const newYork = { timeZone: 'America/New_York', abbreviation: 'ET' };
    const from = Date.parse('2026-03-01T00:00:00Z');
    expect(wallOffsets(from, Date.parse('2026-04-01T00:00:00Z'), newYork)).toEqual([
      { fromMs: from, offsetMs: -5 * 3_600_000 },
      { fromMs: dstChangeMs, offsetMs: -4 * 3_600_000 },
    ]);
    expect(wallOffsets(from, Date.parse('2027-01-01T00:00:00Z'), zone)).toEqual([{ fromMs: from, offsetMs: 7 * 3_600_000 }]);
  });

  it('writes a Parquet file with the columns, types, metadata and rows of the writer here', async () => {
    const { telemetry } = api.core;
    const database = await bytesOf(written('parquet').chunks);
    const here = await bytesOf(parquetExport(exportTable(selection(), telemetry, zone), zone));
    const [fromDatabase, fromHere] = await Promise.all([parquetContent(database, 'database'), parquetContent(here, 'here')]);
    expect(fromDatabase.rows).toHaveLength(30 * 90 + 40);
    expect(fromDatabase).toEqual(fromHere);
  });
});

/** What DuckDB, a reader that shares no code with either writer, reads of a Parquet file. */
async function parquetContent(bytes: Buffer, name: string) {
  const file = join(api.dataDir, `${name}.parquet`);
  await writeFile(file, bytes);
  const instance = await DuckDBInstance.create(':memory:');
  try {
    const connection = await instance.connect();
    const read = async (sql: string) => (await connection.runAndReadAll(sql)).getRowsJS();
    const content = {
      schema: await read(`SELECT name, type, repetition_type, converted_type, logical_type FROM parquet_schema('${file}')`),
      metadata: await read(`SELECT decode(key), decode(value) FROM parquet_kv_metadata('${file}') ORDER BY 1`),
      rows: await read(`SELECT * FROM read_parquet('${file}')`),
    };
    connection.closeSync();
    return content;
  } finally {
    instance.closeSync();
  }
}
