import { mkdir, mkdtemp, rm, statfs, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { DiskGuard } from './disk-guard';

const mib = 1024 * 1024;
let dir: string;
let guard: DiskGuard | undefined;
/** Free bytes of the temp disk now: thresholds are set around it, so the levels do not depend on the machine. */
let freeNow: number;

beforeEach(async () => {
  dir = await mkdtemp(join(tmpdir(), 'kendali-disk-'));
  const disk = await statfs(dir);
  freeNow = disk.bavail * disk.bsize;
});

afterEach(async () => {
  guard?.close();
  guard = undefined;
  await rm(dir, { recursive: true, force: true });
});

describe('DiskGuard', () => {
  it('measures free space, the disk and every file of the data directory, spool folders included', async () => {
    await writeFile(join(dir, 'kendali.duckdb'), Buffer.alloc(3 * mib));
    await mkdir(join(dir, 'spool'));
    await writeFile(join(dir, 'spool', 'segment-1'), Buffer.alloc(mib / 2));
    guard = await DiskGuard.start({ dir, lowFreeBytes: 1, criticalFreeBytes: 0 });
    const usage = guard.usage();
    expect(usage?.storeBytes).toBe(3.5 * mib);
    expect(usage?.sizeBytes).toBeGreaterThan(usage?.freeBytes ?? Infinity);
    expect(usage?.level).toBe('ok');
    expect(guard.describe()).toMatch(/free of .* \(store 4 MiB\)$/);
  });

  it('is low below the warning level and critical below the critical one, saying which', async () => {
    guard = await DiskGuard.start({ dir, lowFreeBytes: freeNow + 1024 * mib, criticalFreeBytes: 1 });
    expect(guard.usage()?.level).toBe('low');
    expect(guard.describe()).toMatch(/below the warning level/);
    guard.close();
    guard = await DiskGuard.start({ dir, lowFreeBytes: freeNow + 2048 * mib, criticalFreeBytes: freeNow + 1024 * mib });
    expect(guard.usage()?.level).toBe('critical');
    expect(guard.describe()).toMatch(/below the critical .*: free space or move the data directory now$/);
  });

  it('sees a file written after it started at its next measurement', async () => {
    guard = await DiskGuard.start({ dir, lowFreeBytes: 1, criticalFreeBytes: 0 });
    expect(guard.usage()?.storeBytes).toBe(0);
    await writeFile(join(dir, 'kendali.duckdb.wal'), Buffer.alloc(mib));
    expect((await guard.sample()).storeBytes).toBe(mib);
  });
});
