import { wallClockMs, type CityZone, type DeviceKindSpec, type FieldValue, type HistoryTier, type Reading } from '@kendali/contracts';
import type { ReadingColumns, TelemetryReads } from '@kendali/ingest';
import { maxSeriesPoints, type HistorySelection } from '../history/history-selection';

/** What a cell of an export holds; times are ms since the epoch, written by each format its own way. */
export type ExportCell = string | number | boolean | null;
type ExportRow = ExportCell[];

/**
 * Rows of an export column by column (`columns[c][r]` is row `r`'s cell in column `c`): raw readings
 * go from the store's columns to the file without an object or array per row.
 */
interface ExportBatch {
  readonly rowCount: number;
  readonly columns: readonly (readonly ExportCell[])[];
}

export interface ExportColumn {
  /** The header, unit included: `pm25 (µg/m³)`, `waterLevelCm max (cm)`. */
  readonly header: string;
  readonly type: 'wall-time' | 'utc-time' | 'string' | 'number' | 'boolean';
}

/** An export before it is written: its columns, and its rows in batches, read from the store as they are written. */
export interface ExportTable {
  readonly columns: readonly ExportColumn[];
  readonly batches: AsyncGenerator<ExportBatch>;
  /** The tiers the store read (raw readings, or 1-minute or 1-hour roll-ups). */
  readonly tiers: () => readonly HistoryTier[];
  /** Rows handed out so far. */
  readonly rowCount: () => number;
}

/**
 * Readings per page from a store that reads columns (the embedded one). Small on purpose: what a
 * page holds is alive while the next is read, and whatever is alive when V8 collects its young
 * generation moves to the old one, which then grows long before it is collected (measured:
 * 5,000-reading pages let the process grow by ~100 MiB more than 1,000-reading ones).
 */
const columnPageSize = 1_000;
/** Readings per page from a store that reads only `Reading`s (InfluxDB): a fetch there is an HTTP query, so fewer and larger. */
const readingPageSize = 5_000;

const unitOf = (spec: DeviceKindSpec, field: string): string | undefined => spec.fields[field]?.unit;
const withUnit = (label: string, unit: string | undefined) => (unit === undefined ? label : `${label} (${unit})`);

function timeColumns(zone: CityZone): ExportColumn[] {
  return [
    { header: `time (${zone.abbreviation})`, type: 'wall-time' },
    { header: 'time (UTC)', type: 'utc-time' },
  ];
}

/**
 * Raw readings, a row per reading and a column per field (with its unit), oldest first per kind;
 * read a page at a time, so memory stays bounded however many readings the range holds.
 */
function rawTable(selection: HistorySelection, telemetry: Pick<TelemetryReads, 'readings' | 'readingColumns'>, zone: CityZone): ExportTable {
  const { fields, columns } = rawColumns(selection, zone);
  async function* batches(): AsyncGenerator<ExportBatch> {
    for (const part of selection.parts) {
      const query = { kind: part.kind, deviceIds: part.deviceIds, fromMs: selection.fromMs, toMs: selection.toMs, fields: part.fields };
      // Where each export field is among the part's (-1: not a field of this kind).
      const at = fields.map(({ field }) => part.fields.indexOf(field));
      const pages =
        telemetry.readingColumns?.({ ...query, pageSize: columnPageSize }) ?? columnsOfReadings(telemetry.readings({ ...query, pageSize: readingPageSize }), part.fields);
      for await (const page of pages) {
        const rowCount = page.ts.length;
        yield {
          rowCount,
          columns: [page.ts, page.ts, page.deviceIds, sameCell(rowCount, part.kind), page.districts, ...at.map((i) => page.fields[i] ?? sameCell(rowCount, null))],
        };
      }
    }
  }
  return counted({ columns, batches: batches(), tiers: () => rawTiers(selection) });
}

/**
 * The columns of raw readings: both times, device, kind, district, then every field any part has
 * (in the order the parts name them), its unit in the header.
 */
export function rawColumns(selection: HistorySelection, zone: CityZone): { readonly fields: readonly { field: string }[]; readonly columns: readonly ExportColumn[] } {
  const fields: { field: string; unit: string | undefined }[] = [];
  for (const part of selection.parts) {
    for (const field of part.fields) if (!fields.some((f) => f.field === field)) fields.push({ field, unit: unitOf(part.spec, field) });
  }
  const columns: ExportColumn[] = [
    ...timeColumns(zone),
    { header: 'device', type: 'string' },
    { header: 'kind', type: 'string' },
    { header: 'district', type: 'string' },
    ...fields.map(({ field, unit }) => ({ header: withUnit(field, unit), type: fieldType(selection, field) })),
  ];
  return { fields, columns };
}

/** Buckets: a row per group and bucket, a column per field and aggregate. */
function bucketTable(selection: HistorySelection, telemetry: Pick<TelemetryReads, 'historyAcross'>, zone: CityZone): ExportTable {
  const everyMs = selection.everyMs as number;
  const outputs: { field: string; fn: string; unit: string | undefined; type: ExportColumn['type'] }[] = [];
  for (const part of selection.parts) {
    for (const field of part.fields) {
      for (const fn of selection.fns) {
        if (!outputs.some((o) => o.field === field && o.fn === fn)) {
          // The last of a string field is one of its values; every other aggregate is a number.
          const type = fn === 'last' && part.spec.fields[field]?.type === 'string' ? 'string' : 'number';
          outputs.push({ field, fn, unit: fn === 'count' ? undefined : unitOf(part.spec, field), type });
        }
      }
    }
  }
  const columns: ExportColumn[] = [
    ...timeColumns(zone),
    { header: selection.groupBy, type: 'string' },
    { header: 'kind', type: 'string' },
    ...outputs.map(({ field, fn, unit, type }) => ({ header: withUnit(`${field} ${fn}`, unit), type })),
  ];
  const tiers = new Set<HistoryTier>();
  async function* batches(): AsyncGenerator<ExportBatch> {
    for (const part of selection.parts) {
      const answer = await telemetry.historyAcross({
        kind: part.kind,
        deviceIds: part.deviceIds,
        fields: part.fields,
        fns: selection.fns,
        groupBy: selection.groupBy,
        fromMs: selection.fromMs,
        toMs: selection.toMs,
        everyMs,
        ...(selection.originMs === undefined ? {} : { originMs: selection.originMs }),
        limit: maxSeriesPoints,
      });
      tiers.add(answer.tier);
      const rows = new Map<string, ExportRow>();
      for (const series of answer.series) {
        const at = outputs.findIndex((o) => o.field === series.field && o.fn === series.fn);
        for (const point of series.points) {
          const key = `${series.group}\u0000${point.t}`;
          let row = rows.get(key);
          if (row === undefined) {
            row = [point.t, point.t, series.group, part.kind, ...outputs.map(() => null)];
            rows.set(key, row);
          }
          row[4 + at] = cell(point.value);
        }
      }
      const sorted = [...rows.values()].sort((a, b) => String(a[2]).localeCompare(String(b[2])) || Number(a[0]) - Number(b[0]));
      for (let start = 0; start < sorted.length; start += columnPageSize) yield columnsOfRows(sorted.slice(start, start + columnPageSize), columns.length);
    }
  }
  return counted({ columns, batches: batches(), tiers: () => [...tiers] });
}

export const rawTiers = (selection: HistorySelection): HistoryTier[] => (selection.parts.length === 0 ? [] : ['raw']);

function fieldType(selection: HistorySelection, field: string): ExportColumn['type'] {
  const types = selection.parts.map((part) => part.spec.fields[field]?.type).filter((t) => t !== undefined);
  // A string column holds any value as text, so a field that is a string in one kind is text in all.
  if (types.includes('string')) return 'string';
  return types.every((t) => t === 'boolean') ? 'boolean' : 'number';
}

function counted(table: Omit<ExportTable, 'rowCount'>): ExportTable {
  let rows = 0;
  async function* batches(): AsyncGenerator<ExportBatch> {
    for await (const batch of table.batches) {
      rows += batch.rowCount;
      yield batch;
    }
  }
  return { ...table, batches: batches(), rowCount: () => rows };
}

const cell = (value: FieldValue | null | undefined): ExportCell => (value === undefined ? null : value);

const sameCell = (rowCount: number, value: ExportCell): ExportCell[] => new Array<ExportCell>(rowCount).fill(value);

function columnsOfRows(rows: readonly ExportRow[], columnCount: number): ExportBatch {
  return { rowCount: rows.length, columns: Array.from({ length: columnCount }, (_, c) => rows.map((row) => row[c] ?? null)) };
}

/** Pages of `Reading`s as columns, for a store that reads no columns itself (InfluxDB). */
async function* columnsOfReadings(pages: AsyncIterable<readonly Reading[]>, fields: readonly string[]): AsyncGenerator<ReadingColumns> {
  for await (const page of pages) {
    yield {
      deviceIds: page.map((reading) => reading.deviceId),
      districts: page.map((reading) => reading.district),
      ts: page.map((reading) => reading.ts),
      fields: fields.map((field) => page.map((reading) => reading.fields[field] ?? null)),
    };
  }
}

/** The export of a selection: raw readings without `every`, buckets with it. */
export function exportTable(selection: HistorySelection, telemetry: Pick<TelemetryReads, 'readings' | 'readingColumns' | 'historyAcross'>, zone: CityZone): ExportTable {
  return selection.everyMs === undefined ? rawTable(selection, telemetry, zone) : bucketTable(selection, telemetry, zone);
}

/** A time as the city's wall clock with its offset, e.g. 2026-03-10T07:00:00.000+07:00. */
export function wallTimeText(ms: number, zone: CityZone): string {
  const wall = wallClockMs(ms, zone.timeZone);
  const offsetMinutes = Math.round((wall - ms) / 60_000);
  const sign = offsetMinutes < 0 ? '-' : '+';
  const abs = Math.abs(offsetMinutes);
  const offset = `${sign}${String(Math.floor(abs / 60)).padStart(2, '0')}:${String(abs % 60).padStart(2, '0')}`;
  return `${new Date(wall).toISOString().slice(0, -1)}${offset}`;
}

/**
 * A time column's cells turned into what a writer puts in the file (text, a Date); the devices of
 * one instant share a time, so the last one is remembered rather than turned again.
 */
export function timeCell<T>(convert: (ms: number) => T): (cell: ExportCell) => T | null {
  let lastMs = Number.NaN;
  let last: T | null = null;
  return (cell) => {
    if (cell === null) return null;
    if (cell !== lastMs) {
      lastMs = cell as number;
      last = convert(lastMs);
    }
    return last;
  };
}
