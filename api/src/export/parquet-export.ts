import { ByteWriter, ParquetWriter, schemaFromColumnData } from 'hyparquet-writer';
import type { CityZone } from '@kendali/contracts';
import { wallTimeText, type ExportColumn, type ExportRow, type ExportTable } from './export-table';

type ParquetType = 'STRING' | 'DOUBLE' | 'BOOLEAN' | 'TIMESTAMP';
const parquetType: Record<ExportColumn['type'], ParquetType> = { 'wall-time': 'STRING', 'utc-time': 'TIMESTAMP', string: 'STRING', number: 'DOUBLE', boolean: 'BOOLEAN' };

/** Rows per row group: large enough to compress well, small enough to hold one in memory. */
const rowGroupRows = 50_000;

/**
 * Apache Parquet, a row group at a time: each group is encoded, handed out and forgotten, so memory
 * holds one group however long the export. The UTC time is a TIMESTAMP; the city's wall time a
 * string with its offset; units are in the column names and, per column, in the file's metadata.
 */
export async function* parquetExport(table: ExportTable, zone: CityZone): AsyncGenerator<Uint8Array> {
  const columns = table.columns.map((column) => ({ name: column.header, type: parquetType[column.type], nullable: true }));
  const writer = new ByteWriter(1 << 20);
  const take = (): Uint8Array => {
    const bytes = writer.getBytes().slice();
    writer.index = 0; // the bytes handed out leave the buffer; `offset` keeps counting for the file's metadata
    return bytes;
  };
  const schema = schemaFromColumnData({ columnData: columns.map((column) => ({ ...column, data: [] })) });
  const parquet = new ParquetWriter({
    writer,
    schema,
    createdBy: 'Kendali',
    kvMetadata: [{ key: 'kendali.zone', value: zone.timeZone }],
  });
  let pending: ExportRow[] = [];
  const writeGroup = (rows: readonly ExportRow[]) => {
    const columnData = columns.map((column, c) => ({ ...column, data: rows.map((row) => value(table.columns[c]!, row[c] ?? null, zone)) }));
    void parquet.write({ columnData, rowGroupSize: rows.length });
  };
  for await (const batch of table.batches) {
    pending = pending.concat(batch as ExportRow[]);
    while (pending.length >= rowGroupRows) {
      writeGroup(pending.slice(0, rowGroupRows));
      pending = pending.slice(rowGroupRows);
      yield take();
    }
  }
  if (pending.length > 0) writeGroup(pending);
  parquet.kvMetadata?.push({ key: 'kendali.tiers', value: table.tiers().join(',') });
  void parquet.finish();
  yield take();
}

function value(column: ExportColumn, cell: ExportRow[number], zone: CityZone): unknown {
  if (cell === null) return null;
  if (column.type === 'utc-time') return new Date(cell as number);
  if (column.type === 'wall-time') return wallTimeText(cell as number, zone);
  return cell;
}
