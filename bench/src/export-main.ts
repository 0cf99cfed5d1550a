/**
 * `pnpm bench:export`: only the export figures of `pnpm bench` (see export-figures.ts) — time,
 * bytes and the platform's resident memory (idle, peak, peak − idle against the 200 MiB target)
 * while GET /api/export writes raw readings as CSV, Parquet and XLSX.
 */
import { parseArgs } from 'node:util';
import { runBenchEntry } from './bench-entry';
import { exportLines, runExportFigures, type ExportBenchFormat } from './export-figures';

const knownFormats: readonly ExportBenchFormat[] = ['csv', 'parquet', 'xlsx'];

await runBenchEntry('bench:export', async (cleanup) => {
  const { values } = parseArgs({
    args: process.argv.slice(2).filter((arg) => arg !== '--'), // `pnpm bench:export -- --rows N` passes the separator on
    options: {
      rows: { type: 'string', default: '10000000' },
      'xlsx-rows': { type: 'string' },
      formats: { type: 'string', default: knownFormats.join(',') },
    },
  });
  const rows = Number(values.rows);
  const xlsxRows = values['xlsx-rows'] === undefined ? Math.ceil(rows / 10) : Number(values['xlsx-rows']);
  for (const [name, value] of Object.entries({ rows, 'xlsx-rows': xlsxRows })) {
    if (!Number.isInteger(value) || value < 1 || value > 100_000_000) throw new Error(`--${name} must be a whole number from 1 to 100000000`);
  }
  const formats = values.formats.split(',').map((name) => {
    const format = knownFormats.find((known) => known === name.trim());
    if (format === undefined) throw new Error(`unknown format "${name}" in --formats; choose from ${knownFormats.join(', ')}`);
    return format;
  });
  const figures = await runExportFigures(rows, xlsxRows, cleanup, formats);
  return `\n${exportLines(figures).join('\n')}\n`;
});
