import { randomUUID } from 'node:crypto';
import { open, rm } from 'node:fs/promises';
import { join } from 'node:path';
import type { DuckDBInstance } from '@duckdb/node-api';
import { schemaFromColumnData } from 'hyparquet-writer';
import { deviceList } from './duckdb-history';
import { jsTextMacros, sqlText, utcTimeSql, wallTimeSql } from './duckdb-export-text';
import { ParquetStitch } from './parquet-stitch';
import { quoteIdent, tableName, type ColumnKind } from './telemetry-tables';
import type { ReadingFileQuery } from './telemetry-store';

const firstWindowMs = 3_600_000; // 1 hour
const chunkBytes = 64 * 1024;

interface ReadingFileSource {
  readonly instance: DuckDBInstance;
  /** Where the slices' temporary files go. */
  readonly dir: string;
  /** Readings per slice (`DuckDbStoreOptions.exportSliceRows`). */
  readonly sliceRows: number;
  /** A kind's field columns and their kinds. */
  readonly tableColumns: (kind: string) => ReadonlyMap<string, ColumnKind>;
}

/**
 * `readingFile` of the embedded store: the export's rows selected, formatted and written by DuckDB
 * (`COPY … TO`) a time slice at a time into a temporary file in `dir`, whose bytes are then handed
 * on and the file removed. The export has a connection of its own, so aborting interrupts only its
 * query.
 */
export async function* readingFile({ instance, dir, sliceRows, tableColumns }: ReadingFileSource, query: ReadingFileQuery, signal: AbortSignal): AsyncGenerator<Uint8Array> {
  signal.throwIfAborted();
  const connection = await instance.connect();
  const interrupt = () => connection.interrupt();
  signal.addEventListener('abort', interrupt);
  const path = join(dir, `export-${randomUUID()}.${query.format}`);
  try {
    for (const macro of jsTextMacros) await connection.run(macro);
    const stitch = query.format === 'parquet' ? new ParquetStitch(parquetSchema(query), { created_by: 'Kendali', key_value_metadata: [...(query.parquetMetadata ?? [])] }) : null;
    const options = query.format === 'csv' ? "FORMAT csv, HEADER false, QUOTE '', ESCAPE ''" : 'FORMAT parquet';
    for (const part of query.parts) {
      if (part.deviceIds.length === 0) continue;
      const { value: ids, type: idsType } = deviceList(part.deviceIds);
      await connection.run('CREATE OR REPLACE TEMP TABLE kendali_export_devices AS SELECT unnest($ids) AS device_id', { ids } as never, { ids: idsType } as never);
      const table = tableName(part.kind);
      const mine = `device_id IN (SELECT device_id FROM kendali_export_devices)`;
      const columns = (query.format === 'csv' ? csvLineSql : parquetColumnsSql)(query, part, tableColumns(part.kind));
      const count = async (fromMs: number, toMs: number) =>
        Number((await connection.runAndReadAll(`SELECT count(*) FROM ${table} WHERE ${mine} AND ${inRange(fromMs, toMs)}`)).getColumns()[0]?.[0] ?? 0);
      for await (const [fromMs, toMs, rows] of slices(count, sliceRows, query.fromMs, query.toMs)) {
        signal.throwIfAborted();
        await connection.run(`COPY (SELECT ${columns} FROM ${table} WHERE ${mine} AND ${inRange(fromMs, toMs)} ORDER BY ts, device_id) TO ${sqlText(path)} (${options})`);
        query.onRows?.(rows);
        const file = await open(path);
        try {
          yield* stitch === null ? fileBytes(file) : stitch.add(file);
        } finally {
          await file.close();
        }
        await rm(path);
      }
    }
    if (stitch !== null) yield stitch.finish();
  } finally {
    signal.removeEventListener('abort', interrupt);
    await rm(path, { force: true });
    connection.closeSync();
  }
}

const inRange = (fromMs: number, toMs: number) => `ts >= epoch_ms(${fromMs}::BIGINT) AND ts < epoch_ms(${toMs}::BIGINT)`;

/**
 * Time slices of about `sliceRows` readings each, oldest first, found by counting: a window with
 * more than two slices' worth is narrowed, and the next window is sized from the last one's count.
 * Readings sharing one millisecond are never split, whatever their number.
 */
async function* slices(count: (fromMs: number, toMs: number) => Promise<number>, sliceRows: number, fromMs: number, toMs: number): AsyncGenerator<readonly [number, number, number]> {
  const end = Math.ceil(toMs);
  let start = Math.floor(fromMs);
  let windowMs = Math.min(firstWindowMs, end - start);
  while (start < end) {
    const stop = Math.min(start + windowMs, end);
    const rows = await count(start, stop);
    if (rows > 2 * sliceRows && stop - start > 1) {
      windowMs = Math.max(1, Math.floor(((stop - start) * sliceRows) / rows));
      continue;
    }
    if (rows > 0) yield [start, stop, rows];
    start = stop;
    const grown = Math.min(windowMs * 4, Number.MAX_SAFE_INTEGER / 4);
    windowMs = rows === 0 ? grown : Math.max(1, Math.min(grown, Math.floor((windowMs * sliceRows) / rows)));
  }
}

async function* fileBytes(file: Awaited<ReturnType<typeof open>>): AsyncGenerator<Uint8Array> {
  for (let at = 0; ; ) {
    const bytes = Buffer.allocUnsafe(chunkBytes);
    const { bytesRead } = await file.read(bytes, 0, chunkBytes, at);
    if (bytesRead === 0) return;
    at += bytesRead;
    yield bytes.subarray(0, bytesRead);
  }
}

/** A field's column and how it is stored, or NULL where the kind lacks it. */
function fieldSql(field: string | null, columns: ReadonlyMap<string, ColumnKind>): { sql: string; kind: ColumnKind | null } {
  const kind = field === null ? undefined : columns.get(field);
  if (field === null || kind === undefined) return { sql: 'NULL', kind: null };
  return { sql: quoteIdent(field), kind };
}

/** A stored value as the API's writers write it as text: numbers as JavaScript prints them, booleans as true/false, text as sent. */
function textSql(sql: string, kind: ColumnKind): string {
  if (kind === 'boolean') return `CASE WHEN ${sql} IS NULL THEN NULL WHEN ${sql} THEN 'true' ELSE 'false' END`;
  if (kind === 'varchar') return sql;
  return `CASE WHEN ${sql} IS NULL THEN NULL ELSE kendali_js_number(${sql}::DOUBLE) END`;
}

/** A CSV line per reading, fields as the API's CSV writer writes them (`csv-export.ts` in the API). */
function csvLineSql(query: ReadingFileQuery, part: ReadingFileQuery['parts'][number], columns: ReadonlyMap<string, ColumnKind>): string {
  const fields = part.fields.map((field, i) => {
    const { sql, kind } = fieldSql(field, columns);
    if (kind === null) return "''";
    if (kind === 'boolean') return `CASE WHEN ${sql} IS NULL THEN '' WHEN ${sql} THEN 'true' ELSE 'false' END`;
    // A text column quotes like any text cell; numbers in it too (a field that is a string in another kind).
    if (query.fields[i]?.type === 'string') return `kendali_csv_text(${textSql(sql, kind)})`;
    return `kendali_js_number(${sql}::DOUBLE)`;
  });
  const cells = [wallTimeSql('ts', query.wallOffsets), utcTimeSql('ts'), 'kendali_csv_text(device_id)', `kendali_csv_text(${sqlText(part.kind)})`, 'kendali_csv_text(district)', ...fields];
  return `${cells.join(" || ',' || ")} AS line`;
}

const parquetTypes = { boolean: 'BOOLEAN', string: 'VARCHAR', number: 'DOUBLE' } as const;

/** The Parquet columns: the city's time as text, UTC as a TIMESTAMP in ms, fields as DOUBLE, BOOLEAN or text. */
function parquetColumnsSql(query: ReadingFileQuery, part: ReadingFileQuery['parts'][number], columns: ReadonlyMap<string, ColumnKind>): string {
  const fields = part.fields.map((field, i) => {
    const { sql, kind } = fieldSql(field, columns);
    const type = query.fields[i]?.type ?? 'number';
    if (kind === null) return `NULL::${parquetTypes[type]}`;
    if (type === 'string') return textSql(sql, kind);
    return `(${sql})::${parquetTypes[type]}`;
  });
  const cells = [wallTimeSql('ts', query.wallOffsets), 'ts::TIMESTAMP_MS', 'device_id', sqlText(part.kind), 'district', ...fields];
  return cells.map((cell, i) => `${cell} AS ${quoteIdent(query.names[i] ?? `column${i}`)}`).join(', ');
}

/** The schema the API's Parquet writer gives the same columns, so either way the file reads the same. */
function parquetSchema(query: ReadingFileQuery) {
  const types = ['STRING', 'TIMESTAMP', 'STRING', 'STRING', 'STRING', ...query.fields.map((field) => (field.type === 'boolean' ? 'BOOLEAN' : field.type === 'string' ? 'STRING' : 'DOUBLE'))] as const;
  return schemaFromColumnData({ columnData: query.names.map((name, i) => ({ name, type: types[i] ?? 'STRING', nullable: true, data: [] })) });
}
