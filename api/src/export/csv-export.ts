import { stringify } from 'csv-stringify/sync';
import type { CityZone } from '@kendali/contracts';
import { timeCell, wallTimeText, type ExportCell, type ExportColumn, type ExportTable } from './export-table';

/** The byte-order mark and the header line. */
export const csvHeader = (columns: readonly ExportColumn[]): Buffer => Buffer.from(`\uFEFF${stringify([columns.map((column) => column.header)])}`, 'utf8');

/** Turns a column's cells into CSV fields. */
function fieldWriter(type: ExportColumn['type'], zone: CityZone, quoted: (text: string) => string): (cell: ExportCell) => string {
  if (type === 'wall-time' || type === 'utc-time') {
    const text = timeCell(type === 'wall-time' ? (ms) => wallTimeText(ms, zone) : (ms) => new Date(ms).toISOString());
    return (cell) => text(cell) ?? '';
  }
  if (type === 'string') return (cell) => (cell === null ? '' : quoted(String(cell)));
  return (cell) => (cell === null ? '' : String(cell));
}

/**
 * RFC 4180 CSV in UTF-8 with a byte-order mark (spreadsheets then read µ and ³ right), a header
 * line, and times as ISO 8601: the city's wall clock with its offset, and UTC. Lines are written
 * straight from the table's columns; text cells (device ids, districts) take csv-stringify's
 * quoting, remembered per distinct value.
 */
export async function* csvExport(table: ExportTable, zone: CityZone): AsyncGenerator<Buffer> {
  yield csvHeader(table.columns);
  const quotedTexts = new Map<string, string>();
  const quoted = (text: string) => {
    let field = quotedTexts.get(text);
    if (field === undefined) {
      field = text === '' ? '' : stringify([[text]]).slice(0, -1); // without its line end
      quotedTexts.set(text, field);
    }
    return field;
  };
  const writers = table.columns.map((column) => fieldWriter(column.type, zone, quoted));
  for await (const batch of table.batches) {
    let text = '';
    for (let row = 0; row < batch.rowCount; row++) {
      let line = '';
      for (let c = 0; c < writers.length; c++) line += (c === 0 ? '' : ',') + writers[c]!(batch.columns[c]?.[row] ?? null);
      text += `${line}\n`;
    }
    yield Buffer.from(text, 'utf8');
  }
}
