import { wallClockMs, type CityZone, type DeviceKindSpec, type FieldValue, type HistoryTier } from '@kendali/contracts';
import type { TelemetryReads } from '@kendali/ingest';
import { maxSeriesPoints, type HistorySelection } from '../history/history-selection';

/** What a cell of an export holds; times are ms since the epoch, written by each format its own way. */
type ExportCell = string | number | boolean | null;
export type ExportRow = ExportCell[];

export interface ExportColumn {
  /** The header, unit included: `pm25 (µg/m³)`, `waterLevelCm max (cm)`. */
  readonly header: string;
  readonly type: 'wall-time' | 'utc-time' | 'string' | 'number' | 'boolean';
}

/** An export before it is written: its columns, and its rows in batches, read from the store as they are written. */
export interface ExportTable {
  readonly columns: readonly ExportColumn[];
  readonly batches: AsyncGenerator<readonly ExportRow[]>;
  /** The tiers the store read (raw readings, or 1-minute or 1-hour roll-ups). */
  readonly tiers: () => readonly HistoryTier[];
  /** Rows handed out so far. */
  readonly rowCount: () => number;
}

const pageSize = 5_000;

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
function rawTable(selection: HistorySelection, telemetry: Pick<TelemetryReads, 'readings'>, zone: CityZone): ExportTable {
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
  async function* batches(): AsyncGenerator<readonly ExportRow[]> {
    for (const part of selection.parts) {
      const query = { kind: part.kind, deviceIds: part.deviceIds, fromMs: selection.fromMs, toMs: selection.toMs, pageSize };
      for await (const page of telemetry.readings(query)) {
        yield page.map((reading) => [reading.ts, reading.ts, reading.deviceId, reading.kind, reading.district, ...fields.map(({ field }) => cell(reading.fields[field]))]);
      }
    }
  }
  return counted({ columns, batches: batches(), tiers: () => (selection.parts.length === 0 ? [] : ['raw']) });
}

/** Buckets: a row per group and bucket, a column per field and aggregate. */
function bucketTable(selection: HistorySelection, telemetry: Pick<TelemetryReads, 'historyAcross'>, zone: CityZone): ExportTable {
  const everyMs = selection.everyMs as number;
  const outputs: { field: string; fn: string; unit: string | undefined }[] = [];
  for (const part of selection.parts) {
    for (const field of part.fields) {
      for (const fn of selection.fns) {
        if (!outputs.some((o) => o.field === field && o.fn === fn)) outputs.push({ field, fn, unit: fn === 'count' ? undefined : unitOf(part.spec, field) });
      }
    }
  }
  const columns: ExportColumn[] = [
    ...timeColumns(zone),
    { header: selection.groupBy, type: 'string' },
    { header: 'kind', type: 'string' },
    ...outputs.map(({ field, fn, unit }) => ({ header: withUnit(`${field} ${fn}`, unit), type: 'number' as const })),
  ];
  const tiers = new Set<HistoryTier>();
  async function* batches(): AsyncGenerator<readonly ExportRow[]> {
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
      for (let start = 0; start < sorted.length; start += pageSize) yield sorted.slice(start, start + pageSize);
    }
  }
  return counted({ columns, batches: batches(), tiers: () => [...tiers] });
}

function fieldType(selection: HistorySelection, field: string): ExportColumn['type'] {
  const types = selection.parts.map((part) => part.spec.fields[field]?.type).filter((t) => t !== undefined);
  return types.every((t) => t === 'boolean') ? 'boolean' : 'number';
}

function counted(table: Omit<ExportTable, 'rowCount'>): ExportTable {
  let rows = 0;
  async function* batches(): AsyncGenerator<readonly ExportRow[]> {
    for await (const batch of table.batches) {
      rows += batch.length;
      yield batch;
    }
  }
  return { ...table, batches: batches(), rowCount: () => rows };
}

const cell = (value: FieldValue | null | undefined): ExportCell => (value === undefined ? null : value);

/** The export of a selection: raw readings without `every`, buckets with it. */
export function exportTable(selection: HistorySelection, telemetry: Pick<TelemetryReads, 'readings' | 'historyAcross'>, zone: CityZone): ExportTable {
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
