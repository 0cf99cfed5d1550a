import { stringify } from 'csv-stringify/sync';
import type { CityZone } from '@kendali/contracts';
import { wallTimeText, type ExportTable } from './export-table';

/**
 * RFC 4180 CSV in UTF-8 with a byte-order mark (spreadsheets then read µ and ³ right), a header
 * line, and times as ISO 8601: the city's wall clock with its offset, and UTC.
 */
export async function* csvExport(table: ExportTable, zone: CityZone): AsyncGenerator<Buffer> {
  yield Buffer.from(`\uFEFF${stringify([table.columns.map((column) => column.header)])}`, 'utf8');
  const timeAt = table.columns.map((column) => column.type);
  for await (const batch of table.batches) {
    const lines = batch.map((row) =>
      row.map((value, i) => {
        if (value === null) return '';
        if (timeAt[i] === 'wall-time') return wallTimeText(value as number, zone);
        if (timeAt[i] === 'utc-time') return new Date(value as number).toISOString();
        return value;
      }),
    );
    yield Buffer.from(stringify(lines, { cast: { boolean: String } }), 'utf8');
  }
}
