import { open, readFile } from 'node:fs/promises';
import { decodeRecords } from './record-format';
import { listSegments, readCheckpoint, removeSegment, segmentPath, type SpoolPosition } from './spool-files';

export interface SegmentExtent {
  readonly segment: number;
  /** Bytes of whole, valid records: where reading stops and (for the newest) appending goes on. */
  end: number;
}

export interface SpoolRecovery {
  /** Segments still holding unforwarded records, oldest first; the last is appended to. */
  readonly segments: SegmentExtent[];
  /** Where forwarding resumes: the checkpoint, or the oldest segment's start. */
  readonly start: SpoolPosition;
  readonly backlogRecords: number;
  readonly backlogBytes: number;
  /** Bytes cut from the end of the newest segment: a record torn by a crash mid-write. */
  readonly tornBytes: number;
  /** Older segments whose tail failed its CRC (a damaged disk, not a crash): the rest of each is skipped. */
  readonly damagedSegments: readonly number[];
}

/**
 * Reads the spool back after a start or a crash: drops segments the checkpoint says were
 * forwarded, counts what is left, and truncates a torn last record so appending resumes right
 * after the last whole one. Every record before the tear is kept.
 */
export async function recoverSpool(dir: string): Promise<SpoolRecovery> {
  const checkpoint = await readCheckpoint(dir);
  const existing = await listSegments(dir);
  for (const segment of existing) {
    if (checkpoint !== undefined && segment < checkpoint.segment) await removeSegment(dir, segment);
  }
  const kept = existing.filter((segment) => checkpoint === undefined || segment >= checkpoint.segment);
  const first = kept[0];
  const start: SpoolPosition =
    checkpoint !== undefined && first === checkpoint.segment ? checkpoint : { segment: first ?? (checkpoint?.segment ?? 0) + 1, offset: 0 };

  const segments: SegmentExtent[] = [];
  const damagedSegments: number[] = [];
  let backlogRecords = 0;
  let backlogBytes = 0;
  let tornBytes = 0;
  for (const [index, segment] of kept.entries()) {
    const contents = await readFile(segmentPath(dir, segment));
    const from = segment === start.segment ? Math.min(start.offset, contents.length) : 0;
    const decoded = decodeRecords(contents.subarray(from));
    const end = from + decoded.validBytes;
    backlogRecords += decoded.payloads.length;
    backlogBytes += decoded.validBytes;
    if (end < contents.length) {
      if (index === kept.length - 1) {
        tornBytes = contents.length - end;
        await truncateDurably(segmentPath(dir, segment), end);
      } else {
        damagedSegments.push(segment);
      }
    }
    segments.push({ segment, end });
  }
  return { segments, start, backlogRecords, backlogBytes, tornBytes, damagedSegments };
}

async function truncateDurably(path: string, length: number): Promise<void> {
  const handle = await open(path, 'r+');
  try {
    await handle.truncate(length);
    await handle.sync();
  } finally {
    await handle.close();
  }
}
