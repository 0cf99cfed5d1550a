import { randomBytes } from 'node:crypto';
import { readFileSync, writeFileSync } from 'node:fs';
import { makeTempDir, spawnPlatform } from '@kendali/test-support';
import type { CleanupStack } from './cleanup-stack';
import { prepareExportData } from './export-data';

interface ExportFigure {
  readonly format: 'csv' | 'parquet' | 'xlsx';
  readonly rows: number;
  readonly seconds: number;
  readonly bytes: number;
  /** The platform process's resident memory at its peak during this export (kernel VmHWM), MiB. */
  readonly peakRssMiB: number | null;
  /** Its resident memory just before, MiB. */
  readonly startRssMiB: number | null;
}

export interface ExportFigures {
  readonly rowsStored: number;
  readonly figures: readonly ExportFigure[];
}

const mib = 1024 * 1024;

function statusKiB(pid: number, name: 'VmHWM' | 'VmRSS'): number | null {
  try {
    const match = new RegExp(`^${name}:\\s+(\\d+) kB$`, 'm').exec(readFileSync(`/proc/${pid}/status`, 'utf8'));
    return match ? Number(match[1]) : null;
  } catch {
    return null;
  }
}

/**
 * GET /api/export of `rows` raw readings (1,000 stations, 4 fields) from the platform in its own
 * process, the body read as fast as the client can and thrown away: time, bytes, and the platform's
 * peak RSS during each export (its peak mark reset before each, Linux ≥ 4.0). XLSX writes fewer
 * rows (`xlsxRows`): spreadsheets are for what a person opens, and it is the slowest writer.
 */
export async function runExportFigures(rows: number, xlsxRows: number, cleanup: CleanupStack): Promise<ExportFigures> {
  const dataDir = await makeTempDir('bench-export');
  const removeDataDir = cleanup.add(() => dataDir.remove());
  process.stderr.write(`export: writing ${rows.toLocaleString('en-US')} readings into a DuckDB file…\n`);
  const data = await prepareExportData(dataDir.path, rows);
  const token = `kdl_bench-${randomBytes(16).toString('hex')}`;
  const platform = await spawnPlatform(
    { KENDALI_DATA_DIR: dataDir.path, KENDALI_ADMIN_TOKEN: token, KENDALI_SIMULATE: '0', KENDALI_HTTP_PORT: '0', KENDALI_MQTT_PORT: '0' },
    { timeoutMs: 180_000, stopWithParent: true, killAfterMs: 20_000, keptOutputChars: 20_000 },
  );
  const stopPlatform = cleanup.add(() => platform.stop());
  const pid = platform.child.pid!;
  const figures: ExportFigure[] = [];
  try {
    for (const format of ['csv', 'parquet', 'xlsx'] as const) {
      const minutes = format === 'xlsx' ? Math.ceil(xlsxRows / data.devices) : data.readingsPerDevice;
      const to = data.fromMs + minutes * 60_000;
      process.stderr.write(`export: ${format}…\n`);
      try {
        writeFileSync(`/proc/${pid}/clear_refs`, '5');
      } catch {
        // no reset possible: the peak is the process's so far
      }
      const startRss = statusKiB(pid, 'VmRSS');
      const started = performance.now();
      const url = `${platform.http}/api/export?kind=air-quality&fields=${data.fields.join(',')}&from=${data.fromMs}&to=${to}&format=${format}`;
      const answer = await fetch(url, { headers: { authorization: `Bearer ${token}` } });
      if (!answer.ok || answer.body === null) throw new Error(`export ${format} answered ${answer.status}: ${await answer.text()}`);
      let bytes = 0;
      for await (const chunk of answer.body) bytes += (chunk as Uint8Array).byteLength;
      const seconds = (performance.now() - started) / 1000;
      const peak = statusKiB(pid, 'VmHWM');
      figures.push({ format, rows: Math.min(minutes, data.readingsPerDevice) * data.devices, seconds, bytes, peakRssMiB: peak === null ? null : peak / 1024, startRssMiB: startRss === null ? null : startRss / 1024 });
    }
  } finally {
    await stopPlatform();
    await removeDataDir();
  }
  return { rowsStored: data.devices * data.readingsPerDevice, figures };
}

export function exportLines(result: ExportFigures): string[] {
  const fmt = (n: number, digits = 0) => n.toLocaleString('en-US', { maximumFractionDigits: digits, minimumFractionDigits: digits });
  const head = '| format  |       rows | seconds |    rows/s |   MiB/s |   file MiB | RSS before | peak RSS |';
  return [
    `GET /api/export of raw readings (${fmt(result.rowsStored)} stored; 1,000 air-quality stations, 4 fields), platform in its own process:`,
    head,
    head.replace(/[^|]/g, '-'),
    ...result.figures.map((f) =>
      `| ${f.format.padEnd(7)} | ${fmt(f.rows).padStart(10)} | ${fmt(f.seconds, 1).padStart(7)} | ${fmt(f.rows / f.seconds).padStart(9)} | ${fmt(f.bytes / mib / f.seconds, 1).padStart(7)} | ${fmt(f.bytes / mib, 1).padStart(10)} | ${(f.startRssMiB === null ? 'n/a' : `${fmt(f.startRssMiB)} MiB`).padStart(10)} | ${(f.peakRssMiB === null ? 'n/a' : `${fmt(f.peakRssMiB)} MiB`).padStart(8)} |`,
    ),
    'peak RSS: the platform process\'s kernel high-water mark (VmHWM), reset before each export; DuckDB\'s buffers included.',
  ];
}
