import { copyFile, mkdir, open } from 'node:fs/promises';
import { basename, join } from 'node:path';
import { readCheckpoint, segmentPath, writeCheckpoint } from '../spool/spool-files';
import type { SegmentExtent } from '../spool/spool-recovery';

const refusedFile = 'refused.lp';

/**
 * Copies a running spool into `targetDir`: every segment up to the end of its last commit as the
 * spool knew it (`extents`, taken before anything is read), and the checkpoint read after that.
 * What the copy holds is then at least every record not yet forwarded when the copy began:
 * - a segment deleted meanwhile was wholly forwarded (the forwarder deletes only those), and the
 *   restored spool starts at the next one it has (spool-recovery.ts);
 * - a checkpoint newer than the extents only skips records InfluxDB already confirmed;
 * - records forwarded after the copy began are replayed after a restore, which InfluxDB takes as
 *   the same points again (one point per series and time).
 */
export async function copySpool(extents: readonly SegmentExtent[], spoolDir: string, targetDir: string): Promise<void> {
  await mkdir(targetDir, { recursive: true });
  for (const { segment, end } of extents) {
    if (end === 0) continue;
    const bytes = await readPrefix(segmentPath(spoolDir, segment), end);
    if (bytes === undefined) continue; // forwarded and deleted since the extents were taken
    const target = await open(join(targetDir, basename(segmentPath(spoolDir, segment))), 'wx');
    try {
      await target.writeFile(bytes);
      await target.sync();
    } finally {
      await target.close();
    }
  }
  const checkpoint = await readCheckpoint(spoolDir);
  if (checkpoint !== undefined) await writeCheckpoint(targetDir, checkpoint);
  await copyFile(join(spoolDir, refusedFile), join(targetDir, refusedFile)).catch((error: NodeJS.ErrnoException) => {
    if (error.code !== 'ENOENT') throw error;
  });
}

/** The first `bytes` of a file, or undefined if it is gone. */
async function readPrefix(path: string, bytes: number): Promise<Buffer | undefined> {
  let handle;
  try {
    handle = await open(path, 'r');
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return undefined;
    throw error;
  }
  try {
    const buffer = Buffer.alloc(bytes);
    const { bytesRead } = await handle.read(buffer, 0, bytes, 0);
    return buffer.subarray(0, bytesRead);
  } finally {
    await handle.close();
  }
}
