import { PassThrough } from 'node:stream';
import ExcelJS from 'exceljs';
import type { CityZone } from '@kendali/contracts';
import { wallClockMs } from '@kendali/contracts';
import type { ExportTable } from './export-table';

/** An Excel sheet holds 1,048,576 rows; a new sheet starts well before. */
const rowsPerSheet = 1_000_000;

/**
 * An Excel workbook written as a stream (rows committed as they come, the zip handed out as it
 * grows). Spreadsheet times have no zone: the city's wall time and UTC are two date columns whose
 * headers say which is which.
 */
export async function* xlsxExport(table: ExportTable, zone: CityZone): AsyncGenerator<Buffer> {
  const sink = new PassThrough();
  const workbook = new ExcelJS.stream.xlsx.WorkbookWriter({ stream: sink, useStyles: true, useSharedStrings: false });
  workbook.creator = 'Kendali';
  let sheet: ExcelJS.Worksheet | undefined;
  let sheetRows = 0;
  let sheetCount = 0;
  const newSheet = () => {
    sheet?.commit();
    sheetCount++;
    sheet = workbook.addWorksheet(sheetCount === 1 ? 'data' : `data ${sheetCount}`, { views: [{ state: 'frozen', ySplit: 1 }] });
    sheet.columns = table.columns.map((column) => ({
      header: column.header,
      width: Math.max(12, column.header.length + 2),
      ...(column.type.endsWith('time') ? { style: { numFmt: 'yyyy-mm-dd hh:mm:ss' } } : {}),
    }));
    sheetRows = 0;
  };
  const drain = function* (): Generator<Buffer> {
    let chunk: Buffer | null;
    while ((chunk = sink.read() as Buffer | null) !== null) yield chunk;
  };
  newSheet();
  for await (const batch of table.batches) {
    for (const row of batch) {
      if (sheetRows === rowsPerSheet) newSheet();
      const cells = row.map((cell, i) => {
        const type = table.columns[i]?.type;
        if (cell === null) return null;
        if (type === 'wall-time') return new Date(wallClockMs(cell as number, zone.timeZone));
        if (type === 'utc-time') return new Date(cell as number);
        return cell;
      });
      sheet!.addRow(cells).commit();
      sheetRows++;
    }
    yield* drain();
  }
  sheet!.commit();
  const committed = workbook.commit();
  for await (const chunk of sink) yield chunk as Buffer;
  await committed;
}
