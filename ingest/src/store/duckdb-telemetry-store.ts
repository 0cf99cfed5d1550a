import { EventEmitter } from 'node:events';
import type { DuckDBConnection, DuckDBInstance } from '@duckdb/node-api';
import { deviceKindNames, kindSpec, type DeviceKind, type FieldValue, type Reading } from '@kendali/contracts';
import { aggregateSql, historyAcrossRaw, toFieldValue } from './duckdb-history';
import { readingPages } from './duckdb-reading-pages';
import { GroupCommitWriter } from './group-commit-writer';
import { ensureReadingKey } from './telemetry-key';
import { quoteIdent, tableDdl, tableName, type ColumnKind, type TableLayout } from './telemetry-tables';
import type { AcrossAnswer, AcrossQuery, HistoryPoint, HistoryQuery, ReadingsQuery, RollupRange, TelemetryStore, TelemetryStoreEvents } from './telemetry-store';

const fixedColumns = new Set(['device_id', 'district', 'ts', 'received_at']);

/**
 * The embedded time-series store: one DuckDB file, a wide table per device kind, one row per
 * (device, ts) as in InfluxDB. It works whenever the process does, so it has no health of its own
 * to report and never emits.
 */
export class DuckDbTelemetryStore extends EventEmitter<TelemetryStoreEvents> implements TelemetryStore {
  private constructor(
    private readonly writer: GroupCommitWriter,
    private readonly writeConnection: DuckDBConnection,
    private readonly readConnection: DuckDBConnection,
    private readonly layouts: ReadonlyMap<DeviceKind, TableLayout>,
  ) {
    super();
  }

  static async open(instance: DuckDBInstance): Promise<DuckDbTelemetryStore> {
    const writeConnection = await instance.connect();
    const layouts = new Map<DeviceKind, TableLayout>();
    for (const kind of deviceKindNames) {
      for (const statement of tableDdl(kind)) await writeConnection.run(statement);
      const layout = await readLayout(writeConnection, kind);
      await ensureReadingKey(writeConnection, kind, layout);
      layouts.set(kind, layout);
    }
    const writer = await GroupCommitWriter.open(writeConnection, layouts);
    return new DuckDbTelemetryStore(writer, writeConnection, await instance.connect(), layouts);
  }

  get storedCount(): number {
    return this.writer.committedRows;
  }

  get commitCount(): number {
    return this.writer.commits;
  }

  append(readings: readonly Reading[]): Promise<void> {
    return this.writer.append(readings);
  }

  async history(query: HistoryQuery): Promise<HistoryPoint[]> {
    const kind = query.kind;
    const spec = kindSpec(kind);
    if (!Object.hasOwn(spec.fields, query.field)) throw new Error(`device kind ${kind} has no field ${query.field}`);
    const column = quoteIdent(query.field);
    const table = tableName(kind);
    const where = `device_id = $device AND ts >= epoch_ms($from::BIGINT) AND ts < epoch_ms($to::BIGINT)`;
    const sql =
      query.everyMs === undefined
        ? `SELECT epoch_ms(ts) AS t, ${column} AS value FROM ${table} WHERE ${where} AND ${column} IS NOT NULL ORDER BY ts LIMIT $limit`
        : `SELECT epoch_ms(time_bucket(to_milliseconds($every::BIGINT), ts)) AS t, ${aggregateSql[query.fn](column)} AS value
           FROM ${table} WHERE ${where} GROUP BY 1 ORDER BY 1 LIMIT $limit`;
    const params: Record<string, string | number> = {
      device: query.deviceId,
      from: Math.floor(query.fromMs),
      to: Math.ceil(query.toMs),
      limit: query.limit,
    };
    if (query.everyMs !== undefined) params.every = Math.round(query.everyMs);
    const reader = await this.readConnection.runAndReadAll(sql, params);
    return reader.getRowObjectsJS().map((row) => ({ t: Number(row.t), value: toFieldValue(row.value) }));
  }

  rebuildRollups(range: RollupRange): Promise<{ readonly buckets: number }> {
    return Promise.reject(new Error(`roll-ups (${range.kind ?? 'all kinds'}) are not built yet`));
  }

  historyAcross(query: AcrossQuery): Promise<AcrossAnswer> {
    return historyAcrossRaw(this.readConnection, query);
  }

  readings(query: ReadingsQuery): AsyncIterable<readonly Reading[]> {
    const columns = this.layouts.get(query.kind)?.fieldColumns.map((column) => column.name) ?? [];
    return readingPages(this.readConnection, query, columns);
  }

  async latestPerDevice(): Promise<Reading[]> {
    const readings: Reading[] = [];
    for (const kind of deviceKindNames) {
      const reader = await this.readConnection.runAndReadAll(
        `SELECT * EXCLUDE (ts, received_at), epoch_ms(ts) AS ts_ms, epoch_ms(received_at) AS received_ms
         FROM ${tableName(kind)} QUALIFY row_number() OVER (PARTITION BY device_id ORDER BY ts DESC) = 1`,
      );
      const layout = this.layouts.get(kind);
      for (const row of reader.getRowObjectsJS()) {
        const fields: Record<string, FieldValue> = {};
        for (const column of layout?.fieldColumns ?? []) {
          const value = toFieldValue(row[column.name]);
          if (value !== null) fields[column.name] = value;
        }
        readings.push({
          deviceId: String(row.device_id),
          kind,
          district: String(row.district),
          ts: Number(row.ts_ms),
          receivedAt: Number(row.received_ms),
          fields,
        });
      }
    }
    return readings;
  }

  async close(): Promise<void> {
    await this.writer.flush();
    this.writer.close();
    await this.writeConnection.run('CHECKPOINT');
    this.writeConnection.closeSync();
    this.readConnection.closeSync();
  }
}

async function readLayout(connection: DuckDBConnection, kind: DeviceKind): Promise<TableLayout> {
  const reader = await connection.runAndReadAll(
    `SELECT column_name, data_type FROM information_schema.columns WHERE table_name = $table ORDER BY ordinal_position`,
    { table: tableName(kind) },
  );
  const fieldColumns: { name: string; kind: ColumnKind }[] = [];
  for (const row of reader.getRowObjectsJS()) {
    const name = String(row.column_name);
    if (fixedColumns.has(name)) continue;
    const type = String(row.data_type);
    fieldColumns.push({ name, kind: type === 'BOOLEAN' ? 'boolean' : type === 'BIGINT' ? 'bigint' : 'double' });
  }
  return { fieldColumns };
}
