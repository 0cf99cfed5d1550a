import { ByteWriter, ParquetWriter, schemaFromColumnData } from 'hyparquet-writer';
import type { CityZone } from '@kendali/contracts';
import { timeCell, wallTimeText, type ExportCell, type ExportColumn, type ExportTable } from './export-table';

type ParquetType = 'STRING' | 'DOUBLE' | 'BOOLEAN' | 'TIMESTAMP';
const parquetType: Record<ExportColumn['type'], ParquetType> = { 'wall-time': 'STRING', 'utc-time': 'TIMESTAMP', string: 'STRING', number: 'DOUBLE', boolean: 'BOOLEAN' };

/**
 * Rows per row group. A group is alive while the writer encodes it, so V8 moves it and the writer's
 * work on it to its old generation, which grows long before it is collected: 50,000-row groups let
 * a 2-million-row export grow the process by ~260-340 MiB, 10,000-row ones by ~130 MiB (files
 * about a fifth larger).
 */
const rowGroupRows = 10_000;

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
  // The group being gathered, column by column, its cells already as the writer takes them; the
  // same arrays serve every group, so they are not new garbage each time.
  const group: unknown[][] = columns.map(() => new Array<unknown>(rowGroupRows).fill(null));
  let groupRows = 0;
  const writeGroup = () => {
    const columnData = columns.map((column, c) => ({ ...column, data: groupRows === rowGroupRows ? group[c]! : group[c]!.slice(0, groupRows) }));
    void parquet.write({ columnData, rowGroupSize: groupRows });
    groupRows = 0;
  };
  const convert = table.columns.map((column) => valueOf(column, zone));
  for await (const batch of table.batches) {
    let row = 0;
    while (row < batch.rowCount) {
      const count = Math.min(batch.rowCount - row, rowGroupRows - groupRows);
      for (let c = 0; c < columns.length; c++) {
        const cells = batch.columns[c];
        const into = group[c]!;
        const to = convert[c]!;
        for (let r = 0; r < count; r++) into[groupRows + r] = to(cells?.[row + r] ?? null);
      }
      row += count;
      groupRows += count;
      if (groupRows === rowGroupRows) {
        writeGroup();
        yield take();
      }
    }
  }
  if (groupRows > 0) writeGroup();
  parquet.kvMetadata?.push({ key: 'kendali.tiers', value: table.tiers().join(',') });
  void parquet.finish();
  yield take();
}

/** How a column's cells are handed to the writer: UTC as a Date (a TIMESTAMP), the city's time as text. */
function valueOf(column: ExportColumn, zone: CityZone): (cell: ExportCell) => unknown {
  if (column.type === 'utc-time') return timeCell((ms) => new Date(ms));
  if (column.type === 'wall-time') return timeCell((ms) => wallTimeText(ms, zone));
  // A field that is a string in one kind and a number in another is a text column: its numbers as text.
  if (column.type === 'string') return (cell) => (cell === null ? null : String(cell));
  return (cell) => cell;
}
