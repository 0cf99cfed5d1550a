import { lstat, readdir, statfs } from 'node:fs/promises';
import { join } from 'node:path';
import type { DiskUsage } from '@kendali/contracts';

export interface DiskGuardOptions {
  /** The data directory: its disk is watched and its files counted as the store's size. */
  readonly dir: string;
  /** Below this many free bytes the disk is `low`: the wall warns, there is still time to act. */
  readonly lowFreeBytes: number;
  /** Below this many free bytes the disk is `critical`: `/readyz` fails, so nothing sends more load here. */
  readonly criticalFreeBytes: number;
  /** How often to measure, ms. */
  readonly intervalMs?: number;
}

const defaultIntervalMs = 30_000; // a disk fills over hours; a file walk every 30 s costs nothing

/** Bytes of every file under a folder (the DuckDB file, its WAL, the spool's segments). */
async function folderBytes(dir: string): Promise<number> {
  let total = 0;
  const entries = await readdir(dir, { withFileTypes: true }).catch(() => []);
  for (const entry of entries) {
    const path = join(dir, entry.name);
    if (entry.isDirectory()) total += await folderBytes(path);
    else if (entry.isFile()) total += await lstat(path).then((stat) => stat.size, () => 0); // a spool segment may go while we count
  }
  return total;
}

/**
 * Watches the disk under the data directory so that operators hear about it filling up before
 * it is full, never after: free space and the store's size for `/metrics`, a level for the wall's
 * storage banner and `/readyz`.
 */
export class DiskGuard {
  #usage: DiskUsage | null = null;
  #timer: ReturnType<typeof setInterval> | undefined;
  #sampling: Promise<DiskUsage> | null = null;

  private constructor(private readonly options: DiskGuardOptions) {}

  /** Measures once, then keeps measuring every `intervalMs` until `close()`. */
  static async start(options: DiskGuardOptions): Promise<DiskGuard> {
    const guard = new DiskGuard(options);
    await guard.sample();
    guard.#timer = setInterval(() => void guard.sample().catch(() => undefined), options.intervalMs ?? defaultIntervalMs);
    guard.#timer.unref();
    return guard;
  }

  /** The latest measurement, null until the first one. */
  usage(): DiskUsage | null {
    return this.#usage;
  }

  /** Measures now (one measurement at a time: callers share it). */
  sample(): Promise<DiskUsage> {
    this.#sampling ??= this.#measure().finally(() => (this.#sampling = null));
    return this.#sampling;
  }

  async #measure(): Promise<DiskUsage> {
    const [disk, storeBytes] = await Promise.all([statfs(this.options.dir), folderBytes(this.options.dir)]);
    const freeBytes = disk.bavail * disk.bsize; // what an unprivileged process may still write
    const level = freeBytes < this.options.criticalFreeBytes ? 'critical' : freeBytes < this.options.lowFreeBytes ? 'low' : 'ok';
    this.#usage = { freeBytes, sizeBytes: disk.blocks * disk.bsize, storeBytes, level };
    return this.#usage;
  }

  /** The latest measurement in words, for `/readyz` and logs. */
  describe(): string {
    return this.#usage === null ? 'not measured yet' : describeDiskUsage(this.#usage, this.options);
  }

  close(): void {
    clearInterval(this.#timer);
  }
}

const mib = 1024 * 1024;

/** A measurement in words, e.g. "412 MiB free of 50.0 GiB (store 1.2 GiB), below the critical 512 MiB". */
function describeDiskUsage(usage: DiskUsage, options: Pick<DiskGuardOptions, 'lowFreeBytes' | 'criticalFreeBytes'>): string {
  const size = (bytes: number) => (bytes >= 1024 * mib ? `${(bytes / (1024 * mib)).toFixed(1)} GiB` : `${Math.round(bytes / mib)} MiB`);
  const base = `${size(usage.freeBytes)} free of ${size(usage.sizeBytes)} (store ${size(usage.storeBytes)})`;
  if (usage.level === 'critical') return `${base}, below the critical ${size(options.criticalFreeBytes)}: free space or move the data directory now`;
  if (usage.level === 'low') return `${base}, below the warning level ${size(options.lowFreeBytes)}`;
  return base;
}
