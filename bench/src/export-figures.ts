import { randomBytes } from 'node:crypto';
import { writeFileSync } from 'node:fs';
import { makeTempDir, spawnPlatform } from '@kendali/test-support';
import type { CleanupStack } from './cleanup-stack';
import { prepareExportData } from './export-data';
import { processMemoryMiB } from './process-figures';

export type ExportBenchFormat = 'csv' | 'parquet' | 'xlsx';

interface ExportFigure {
  readonly format: ExportBenchFormat;
  readonly rows: number;
  readonly seconds: number;
  readonly bytes: number;
  /** The platform process's resident memory at rest, just before this export (its only one), MiB. */
  readonly idleRssMiB: number | null;
  /** Its highest resident memory during this export, MiB: sampled VmRSS and the kernel's VmHWM, whichever is higher. */
  readonly peakRssMiB: number | null;
}

export interface ExportFigures {
  readonly rowsStored: number;
  readonly figures: readonly ExportFigure[];
}

/** What an export may add to the process's resident memory at its peak, over idle. */
const exportGrowthTargetMiB = 200;

const mib = 1024 * 1024;
const sampleEveryMs = 50;

/** A figure for the report: null where the process was gone or /proc had no such line (NaN). */
const orNull = (value: number): number | null => (Number.isNaN(value) ? null : value);

/** A process's resident memory once it stops moving (two readings a second apart within 1 MiB, or after 15 s), MiB; NaN once it is gone. */
async function settledRssMiB(pid: number): Promise<number> {
  let last = processMemoryMiB(pid, 'VmRSS');
  for (let tries = 0; tries < 15; tries++) {
    await new Promise((resolve) => setTimeout(resolve, 1_000));
    const now = processMemoryMiB(pid, 'VmRSS');
    if (Number.isNaN(now) || Number.isNaN(last) || Math.abs(now - last) <= 1) return now;
    last = now;
  }
  return last;
}

/** Samples a process's resident memory until stopped; `stop` answers the highest seen, MiB (NaN if none was). */
function sampleRssMiB(pid: number): { stop: () => number } {
  let highest = Number.NaN;
  const sample = () => {
    const rss = processMemoryMiB(pid, 'VmRSS');
    if (!Number.isNaN(rss) && (Number.isNaN(highest) || rss > highest)) highest = rss;
  };
  sample();
  const timer = setInterval(sample, sampleEveryMs);
  return {
    stop: () => {
      clearInterval(timer);
      sample();
      return highest;
    },
  };
}

/**
 * GET /api/export of `rows` raw readings (1,000 stations, 4 fields) from the platform in its own
 * process (a fresh one per format), the body read as fast as the client can and thrown away: time,
 * bytes, and the platform's resident memory at rest before the export (idle) and at its peak during
 * it (sampled every 50 ms, and the kernel's high-water mark reset before, Linux ≥ 4.0). XLSX writes fewer
 * rows (`xlsxRows`): spreadsheets are for what a person opens, and it is the slowest writer.
 */
export async function runExportFigures(rows: number, xlsxRows: number, cleanup: CleanupStack, formats: readonly ExportBenchFormat[] = ['csv', 'parquet', 'xlsx']): Promise<ExportFigures> {
  const dataDir = await makeTempDir('bench-export');
  const removeDataDir = cleanup.add(() => dataDir.remove());
  process.stderr.write(`export: writing ${rows.toLocaleString('en-US')} readings into a DuckDB file…\n`);
  const data = await prepareExportData(dataDir.path, rows);
  const token = `kdl_bench-${randomBytes(16).toString('hex')}`;
  const figures: ExportFigure[] = [];
  try {
    // A platform of its own per format: memory an export leaves behind (V8's heap, malloc's free
    // lists) would otherwise count against the next one.
    for (const format of formats) {
      const platform = await spawnPlatform(
        { KENDALI_DATA_DIR: dataDir.path, KENDALI_ADMIN_TOKEN: token, KENDALI_SIMULATE: '0', KENDALI_HTTP_PORT: '0', KENDALI_MQTT_PORT: '0' },
        { timeoutMs: 180_000, stopWithParent: true, killAfterMs: 20_000, keptOutputChars: 20_000 },
      );
      const stopPlatform = cleanup.add(() => platform.stop());
      try {
        figures.push(await exportOnce(platform.http, platform.child.pid!, token, format, format === 'xlsx' ? Math.ceil(xlsxRows / data.devices) : data.readingsPerDevice));
      } finally {
        await stopPlatform();
      }
    }
  } finally {
    await removeDataDir();
  }
  return { rowsStored: data.devices * data.readingsPerDevice, figures };

  /** One export from a platform at rest, its idle and peak memory sampled around it. */
  async function exportOnce(http: string, pid: number, token: string, format: ExportBenchFormat, minutes: number): Promise<ExportFigure> {
    const to = data.fromMs + minutes * 60_000;
    process.stderr.write(`export: ${format}…\n`);
    try {
      writeFileSync(`/proc/${pid}/clear_refs`, '5');
    } catch {
      // no reset possible: the kernel's mark is the process's peak so far, and the samples stand alone
    }
    const idle = await settledRssMiB(pid);
    const sampler = sampleRssMiB(pid);
    const started = performance.now();
    const url = `${http}/api/export?kind=air-quality&fields=${data.fields.join(',')}&from=${data.fromMs}&to=${to}&format=${format}`;
    let bytes = 0;
    let sampled: number;
    try {
      const answer = await fetch(url, { headers: { authorization: `Bearer ${token}` } });
      if (!answer.ok || answer.body === null) throw new Error(`export ${format} answered ${answer.status}: ${await answer.text()}`);
      for await (const chunk of answer.body) bytes += (chunk as Uint8Array).byteLength;
    } finally {
      sampled = sampler.stop();
    }
    const seconds = (performance.now() - started) / 1000;
    const hwm = processMemoryMiB(pid, 'VmHWM');
    const peak = Number.isNaN(hwm) ? sampled : Number.isNaN(sampled) ? hwm : Math.max(hwm, sampled);
    const rows = Math.min(minutes, data.readingsPerDevice) * data.devices;
    return { format, rows, seconds, bytes, idleRssMiB: orNull(idle), peakRssMiB: orNull(peak) };
  }

}

export function exportLines(result: ExportFigures): string[] {
  const fmt = (n: number, digits = 0) => n.toLocaleString('en-US', { maximumFractionDigits: digits, minimumFractionDigits: digits });
  const mibText = (value: number | null) => (value === null ? 'n/a' : `${fmt(value)} MiB`);
  const head = '| format  |       rows | seconds |    rows/s |   MiB/s |   file MiB | idle RSS | peak RSS | peak − idle | ≤ 200 MiB |';
  return [
    `GET /api/export of raw readings (${fmt(result.rowsStored)} stored; 1,000 air-quality stations, 4 fields), a fresh platform process per format:`,
    head,
    head.replace(/[^|]/g, '-'),
    ...result.figures.map((f) => {
      const growth = f.idleRssMiB === null || f.peakRssMiB === null ? null : f.peakRssMiB - f.idleRssMiB;
      const verdict = growth === null ? 'n/a' : growth <= exportGrowthTargetMiB ? 'met' : 'MISSED';
      return `| ${f.format.padEnd(7)} | ${fmt(f.rows).padStart(10)} | ${fmt(f.seconds, 1).padStart(7)} | ${fmt(f.rows / f.seconds).padStart(9)} | ${fmt(f.bytes / mib / f.seconds, 1).padStart(7)} | ${fmt(f.bytes / mib, 1).padStart(10)} | ${mibText(f.idleRssMiB).padStart(8)} | ${mibText(f.peakRssMiB).padStart(8)} | ${mibText(growth).padStart(11)} | ${verdict.padStart(9)} |`;
    }),
    'idle RSS: the platform process\'s resident memory at rest after start, just before its one export.',
    `peak RSS: the higher of VmRSS sampled every ${sampleEveryMs} ms and the kernel's high-water mark (VmHWM, reset before the export); DuckDB's buffers included.`,
    `target: an export adds at most ${exportGrowthTargetMiB} MiB to the process at its peak (peak − idle ≤ ${exportGrowthTargetMiB} MiB), however many rows.`,
  ];
}
