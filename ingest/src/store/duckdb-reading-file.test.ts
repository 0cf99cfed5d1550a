import { mkdtemp, readdir, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { DuckDBInstance } from '@duckdb/node-api';
import { parquetReadObjects } from 'hyparquet';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DuckDbTelemetryStore } from './duckdb-telemetry-store';
import type { ReadingFileQuery } from './telemetry-store';

// 30 stations, a reading a minute for 24 hours: 43,200 readings, in slices of about 5,000.
const base = Date.parse('2026-03-10T00:00:00Z');
const minuteMs = 60_000;
const stations = 30;
const minutes = 1_440;
const ids = Array.from({ length: stations }, (_, i) => `aq-${String(i).padStart(3, '0')}`);
let dataDir: string;
let exportDir: string;
let instance: DuckDBInstance;
let store: DuckDbTelemetryStore;

beforeAll(async () => {
  dataDir = await mkdtemp(join(tmpdir(), 'kendali-reading-file-'));
  exportDir = join(dataDir, 'exports-in-progress');
  instance = await DuckDBInstance.create(join(dataDir, 'kendali.duckdb'));
  store = await DuckDbTelemetryStore.open(instance, { exportDir, exportSliceRows: 5_000, rollups: false });
  const connection = await instance.connect();
  await connection.run(`
    INSERT INTO telemetry_air_quality (device_id, district, ts, received_at, pm25, "temperatureC")
    SELECT 'aq-' || lpad(d::VARCHAR, 3, '0'), CASE WHEN d % 2 = 0 THEN 'Cipondoh' ELSE 'Pinang' END,
           epoch_ms(${base} + m * ${minuteMs}), epoch_ms(${base} + m * ${minuteMs}), 10 + (d * 7 + m) % 90 / 10.0, CASE WHEN m % 5 = 0 THEN NULL ELSE 28 END
    FROM range(${minutes}) t2(m), range(${stations}) t1(d)`);
  connection.closeSync();
});

afterAll(async () => {
  await store.close();
  instance.closeSync();
  await rm(dataDir, { recursive: true, force: true });
});

const query = (format: ReadingFileQuery['format'], toMs = base + minutes * minuteMs): ReadingFileQuery => ({
  format,
  fromMs: base,
  toMs,
  names: ['time (WIB)', 'time (UTC)', 'device', 'kind', 'district', 'pm25 (µg/m³)', 'temperatureC (°C)'],
  fields: [{ type: 'number' }, { type: 'number' }],
  parts: [{ kind: 'air-quality', deviceIds: ids, fields: ['pm25', 'temperatureC'] }],
  wallOffsets: [{ fromMs: base, offsetMs: 7 * 3_600_000 }],
  parquetMetadata: [{ key: 'kendali.zone', value: 'Asia/Jakarta' }],
});

describe('readingFile of the embedded store', () => {
  it('writes every reading once, in slices, oldest first and by device within an instant, and leaves no file behind', async () => {
    let slices = 0;
    let rows = 0;
    const parts: Uint8Array[] = [];
    for await (const chunk of store.readingFile!({ ...query('csv'), onRows: (count) => ((rows += count), slices++) }, new AbortController().signal)) parts.push(chunk);
    const lines = Buffer.concat(parts).toString('utf8').trimEnd().split('\n');
    expect(lines).toHaveLength(stations * minutes);
    expect(rows).toBe(stations * minutes);
    expect(slices).toBeGreaterThan(2);
    expect(lines[0]).toBe('2026-03-10T07:00:00.000+07:00,2026-03-10T00:00:00.000Z,aq-000,air-quality,Cipondoh,10,');
    expect(lines[1]).toBe('2026-03-10T07:00:00.000+07:00,2026-03-10T00:00:00.000Z,aq-001,air-quality,Pinang,10.7,');
    expect(lines.at(-1)).toBe('2026-03-11T06:59:00.000+07:00,2026-03-10T23:59:00.000Z,aq-029,air-quality,Pinang,12.2,28');
    const times = lines.map((line) => line.split(',')[1]!);
    expect(times.every((time, i) => i === 0 || times[i - 1]! <= time)).toBe(true);
    expect(await readdir(exportDir)).toEqual([]);
  });

  it('stitches the slices into one Parquet file that reads as one table', async () => {
    const parts: Uint8Array[] = [];
    for await (const chunk of store.readingFile!(query('parquet'), new AbortController().signal)) parts.push(chunk);
    const bytes = Buffer.concat(parts);
    const file = bytes.buffer.slice(bytes.byteOffset, bytes.byteOffset + bytes.byteLength);
    const table = await parquetReadObjects({ file });
    expect(table).toHaveLength(stations * minutes);
    expect(table[1]).toEqual({ 'time (WIB)': '2026-03-10T07:00:00.000+07:00', 'time (UTC)': new Date(base), device: 'aq-001', kind: 'air-quality', district: 'Pinang', 'pm25 (µg/m³)': 10.7, 'temperatureC (°C)': null });
    expect(table.at(-1)).toMatchObject({ device: 'aq-029', 'time (UTC)': new Date(base + (minutes - 1) * minuteMs), 'temperatureC (°C)': 28 });
    // DuckDB, a reader that shares no code with the stitching, reads the same rows.
    const path = join(dataDir, 'stitched.parquet');
    await writeFile(path, bytes);
    const connection = await instance.connect();
    const counted = await connection.runAndReadAll(`SELECT count(*)::INTEGER, count(DISTINCT device)::INTEGER, max("time (UTC)")::VARCHAR FROM read_parquet('${path}')`);
    connection.closeSync();
    expect(counted.getRows()[0]).toEqual([stations * minutes, stations, '2026-03-10 23:59:00']);
    expect(await readdir(exportDir)).toEqual([]);
  });

  it('stops when aborted while a slice is written, and removes its file', async () => {
    const abort = new AbortController();
    const chunks = store.readingFile!(query('csv'), abort.signal)[Symbol.asyncIterator]();
    const first = chunks.next();
    // Abort once the first slice's file exists: DuckDB is writing it (or has just written it).
    while ((await readdir(exportDir)).length === 0) await new Promise((resolve) => setImmediate(resolve));
    abort.abort();
    // Interrupted mid-slice, the first read fails; had the slice been written just before, it is
    // handed out, and the read after it fails before another slice is written.
    const readToEnd = async () => {
      await first;
      while (!(await chunks.next()).done);
    };
    await expect(readToEnd()).rejects.toThrow();
    expect(await readdir(exportDir)).toEqual([]);
    // The connection is usable by others: the store reads on.
    let rows = 0;
    for await (const page of store.readings({ kind: 'air-quality', deviceIds: ['aq-000'], fromMs: base, toMs: base + 10 * minuteMs, pageSize: 100 })) rows += page.length;
    expect(rows).toBe(10);
  });

  it('removes the file of a slice whose reader stops reading', async () => {
    const chunks = store.readingFile!(query('csv'), new AbortController().signal)[Symbol.asyncIterator]();
    expect((await chunks.next()).done).toBe(false);
    expect(await readdir(exportDir)).toHaveLength(1);
    await chunks.return?.(undefined);
    expect(await readdir(exportDir)).toEqual([]);
  });

  it('writes nothing for an aborted signal', async () => {
    const abort = new AbortController();
    abort.abort();
    const chunks = store.readingFile!(query('csv'), abort.signal)[Symbol.asyncIterator]();
    await expect(chunks.next()).rejects.toThrow();
    expect(await readdir(exportDir)).toEqual([]);
  });
});
