import { zoneOffsetMs, type CityZone, type ExportFormat, type HistoryTier } from '@kendali/contracts';
import type { ReadingFileQuery, TelemetryReads } from '@kendali/ingest';
import type { HistorySelection } from '../history/history-selection';
import { csvHeader } from './csv-export';
import { rawColumns, rawTiers } from './export-table';

/** An export written by the store's database, with what the log and `/metrics` count of it. */
export interface DatabaseExport {
  readonly chunks: AsyncGenerator<Uint8Array>;
  readonly rowCount: () => number;
  readonly tiers: () => readonly HistoryTier[];
}

const dayMs = 86_400_000;
const quarterHourMs = 900_000; // zones change their offset on a quarter hour (`zoneOffsetMs`)

/**
 * Raw readings as CSV or Parquet written by the embedded store's database (`readingFile`) rather
 * than by the writers here: the rows never become JavaScript values, so the process grows by
 * DuckDB's working memory and nothing else, however long the export. The bytes are the CSV
 * `csvExport` writes; the Parquet file has the columns, types and metadata of `parquetExport`'s.
 * Null where this path does not apply (buckets, XLSX, a store without a database of its own).
 */
export function databaseExport(
  selection: HistorySelection,
  telemetry: Pick<TelemetryReads, 'readingFile'>,
  zone: CityZone,
  format: ExportFormat,
  signal: AbortSignal,
): DatabaseExport | null {
  const readingFile = telemetry.readingFile;
  if (readingFile === undefined || selection.everyMs !== undefined || format === 'xlsx') return null;
  const { fields, columns } = rawColumns(selection, zone);
  let rows = 0;
  const query: ReadingFileQuery = {
    format,
    fromMs: selection.fromMs,
    toMs: selection.toMs,
    names: columns.map((column) => column.header),
    fields: columns.slice(5).map((column) => ({ type: column.type === 'boolean' || column.type === 'string' ? column.type : 'number' })),
    parts: selection.parts.map((part) => ({ kind: part.kind, deviceIds: part.deviceIds, fields: fields.map(({ field }) => (part.fields.includes(field) ? field : null)) })),
    wallOffsets: wallOffsets(selection.fromMs, selection.toMs, zone),
    parquetMetadata: [
      { key: 'kendali.zone', value: zone.timeZone },
      { key: 'kendali.tiers', value: rawTiers(selection).join(',') },
    ],
    onRows: (count) => (rows += count),
  };
  async function* chunks(): AsyncGenerator<Uint8Array> {
    if (format === 'csv') yield csvHeader(columns);
    yield* readingFile!(query, signal);
  }
  return { chunks: chunks(), rowCount: () => rows, tiers: () => rawTiers(selection) };
}

/**
 * The zone's offset over a range, as the pieces where it holds: read a day apart, and where two
 * readings differ, the quarter hour of the change found by halving (a zone changes its offset at
 * most a few times a year, never twice in a day).
 */
export function wallOffsets(fromMs: number, toMs: number, zone: CityZone): ReadingFileQuery['wallOffsets'] {
  const offsetAt = (quarterHour: number) => zoneOffsetMs(quarterHour * quarterHourMs, zone.timeZone);
  let quarterHour = Math.floor(fromMs / quarterHourMs);
  const lastQuarterHour = Math.floor(toMs / quarterHourMs);
  const pieces = [{ fromMs, offsetMs: offsetAt(quarterHour) }];
  while (quarterHour < lastQuarterHour) {
    const next = Math.min(quarterHour + dayMs / quarterHourMs, lastQuarterHour);
    const offsetMs = offsetAt(next);
    if (offsetMs !== pieces[pieces.length - 1]!.offsetMs) {
      // the first quarter hour with the new offset lies in (quarterHour, next]
      let low = quarterHour;
      let high = next;
      while (high - low > 1) {
        const middle = Math.floor((low + high) / 2);
        if (offsetAt(middle) === offsetMs) high = middle;
        else low = middle;
      }
      pieces.push({ fromMs: high * quarterHourMs, offsetMs });
    }
    quarterHour = next;
  }
  return pieces;
}
