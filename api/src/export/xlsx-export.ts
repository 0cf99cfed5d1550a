import { PassThrough } from 'node:stream';
import ExcelJS from 'exceljs';
import type { CityZone } from '@kendali/contracts';
import { wallClockMs } from '@kendali/contracts';
import { timeCell, type ExportCell, type ExportTable } from './export-table';

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
  // Spreadsheet dates have no zone: the city's wall clock is written as if it were UTC.
  const convert = table.columns.map((column) => {
    if (column.type === 'wall-time') return timeCell((ms) => new Date(wallClockMs(ms, zone.timeZone)));
    if (column.type === 'utc-time') return timeCell((ms) => new Date(ms));
    return (cell: ExportCell) => cell;
  });
  for await (const batch of table.batches) {
    for (let row = 0; row < batch.rowCount; row++) {
      if (sheetRows === rowsPerSheet) newSheet();
      sheet!.addRow(convert.map((to, c) => to(batch.columns[c]?.[row] ?? null))).commit();
      sheetRows++;
    }
    yield* drain();
  }
  sheet!.commit();
  const committed = workbook.commit();
  for await (const chunk of sink) yield chunk as Buffer;
  await committed;
}
