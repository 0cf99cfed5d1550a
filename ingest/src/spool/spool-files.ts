import { open, readdir, readFile, rename, rm } from 'node:fs/promises';
import { join } from 'node:path';
import { IngestError } from '../errors';

/** A place in the spool: a segment's sequence number and a byte offset into it. */
export interface SpoolPosition {
  readonly segment: number;
  readonly offset: number;
}

const segmentPattern = /^segment-(\d{12})\.log$/;
const checkpointFile = 'checkpoint.json';

export const segmentPath = (dir: string, segment: number): string => join(dir, `segment-${String(segment).padStart(12, '0')}.log`);

/** Sequence numbers of the segment files in `dir`, oldest first. */
export async function listSegments(dir: string): Promise<number[]> {
  const names = await readdir(dir);
  return names
    .map((name) => segmentPattern.exec(name)?.[1])
    .filter((digits): digits is string => digits !== undefined)
    .map(Number)
    .sort((a, b) => a - b);
}

/**
 * Makes a file's creation, rename or removal durable: on Linux a new directory entry survives a
 * crash only once the directory itself is fsynced (fsync(2), "Notes").
 */
export async function syncDirectory(dir: string): Promise<void> {
  const handle = await open(dir, 'r');
  try {
    await handle.sync();
  } finally {
    await handle.close();
  }
}

/** The position up to which everything was confirmed by InfluxDB, or undefined on a new spool. */
export async function readCheckpoint(dir: string): Promise<SpoolPosition | undefined> {
  let text: string;
  try {
    text = await readFile(join(dir, checkpointFile), 'utf8');
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return undefined;
    throw error;
  }
  const parsed = JSON.parse(text) as Partial<SpoolPosition>;
  if (!Number.isSafeInteger(parsed.segment) || !Number.isSafeInteger(parsed.offset)) throw new IngestError('KENDALI_ERR_SPOOL_DAMAGED', `spool checkpoint ${join(dir, checkpointFile)} is unreadable: ${text}`);
  return { segment: parsed.segment as number, offset: parsed.offset as number };
}

/**
 * Replaces the checkpoint atomically: write a temporary file, fsync it, rename it over the old
 * one, fsync the directory. A crash leaves either the old or the new checkpoint, never half of one.
 */
export async function writeCheckpoint(dir: string, position: SpoolPosition): Promise<void> {
  const temporary = join(dir, `${checkpointFile}.tmp`);
  const handle = await open(temporary, 'w');
  try {
    await handle.writeFile(JSON.stringify({ segment: position.segment, offset: position.offset }));
    await handle.sync();
  } finally {
    await handle.close();
  }
  await rename(temporary, join(dir, checkpointFile));
  await syncDirectory(dir);
}

export async function removeSegment(dir: string, segment: number): Promise<void> {
  await rm(segmentPath(dir, segment), { force: true });
}
