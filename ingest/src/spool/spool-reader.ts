import { open, type FileHandle } from 'node:fs/promises';
import { decodeRecords, framedLength } from './record-format';
import type { SegmentExtent } from './spool-recovery';
import { segmentPath, type SpoolPosition } from './spool-files';
import { IngestError } from '../errors';

/** Records read from the spool, to forward and then acknowledge as one. */
export interface SpoolBatch {
  readonly records: readonly Buffer[];
  readonly start: SpoolPosition;
  /** Right after the last record: the checkpoint once the batch is confirmed. */
  readonly end: SpoolPosition;
  /** Framed bytes (headers included) the batch takes in the spool. */
  readonly bytes: number;
}

/** Reads whole records forward from a position, one segment file at a time. */
export class SpoolReader {
  #position: SpoolPosition;
  #handle: { readonly segment: number; readonly file: FileHandle } | undefined;

  constructor(
    private readonly dir: string,
    /** The spool's live list of segments (it appends, rolls and removes entries). */
    private readonly segments: readonly SegmentExtent[],
    start: SpoolPosition,
  ) {
    this.#position = start;
  }

  /** At most `maxRecords` records and about `maxBytes` bytes, or undefined if nothing durable is unread. */
  async read(maxRecords: number, maxBytes: number): Promise<SpoolBatch | undefined> {
    for (;;) {
      const index = this.segments.findIndex((extent) => extent.segment >= this.#position.segment);
      const extent = this.segments[index];
      if (extent === undefined) return undefined;
      if (extent.segment !== this.#position.segment) this.#position = { segment: extent.segment, offset: 0 };
      if (this.#position.offset >= extent.end) {
        const next = this.segments[index + 1];
        if (next === undefined) return undefined;
        this.#position = { segment: next.segment, offset: 0 };
        continue;
      }
      return this.#readFrom(extent, maxRecords, maxBytes);
    }
  }

  async close(): Promise<void> {
    await this.#handle?.file.close();
    this.#handle = undefined;
  }

  async #readFrom(extent: SegmentExtent, maxRecords: number, maxBytes: number): Promise<SpoolBatch> {
    const file = await this.#file(extent.segment);
    const start = this.#position;
    let chunk = await readAt(file, start.offset, Math.min(extent.end - start.offset, maxBytes));
    let decoded = decodeRecords(chunk, maxRecords);
    if (decoded.payloads.length === 0 && decoded.stop === 'partial') {
      // The next record alone is larger than maxBytes: read exactly that record.
      const header = chunk.length >= 8 ? chunk : await readAt(file, start.offset, 8);
      chunk = await readAt(file, start.offset, framedLength(header, 0) ?? 8);
      decoded = decodeRecords(chunk, 1);
    }
    if (decoded.stop === 'corrupt' || decoded.payloads.length === 0) {
      throw new IngestError('KENDALI_ERR_SPOOL_DAMAGED', `spool segment ${segmentPath(this.dir, extent.segment)} is damaged at byte ${start.offset + decoded.validBytes}`);
    }
    this.#position = { segment: start.segment, offset: start.offset + decoded.validBytes };
    return { records: decoded.payloads, start, end: this.#position, bytes: decoded.validBytes };
  }

  async #file(segment: number): Promise<FileHandle> {
    if (this.#handle?.segment === segment) return this.#handle.file;
    await this.#handle?.file.close();
    this.#handle = undefined;
    const file = await open(segmentPath(this.dir, segment), 'r');
    this.#handle = { segment, file };
    return file;
  }
}

async function readAt(file: FileHandle, offset: number, length: number): Promise<Buffer> {
  const buffer = Buffer.allocUnsafe(length);
  const { bytesRead } = await file.read(buffer, 0, length, offset);
  return buffer.subarray(0, bytesRead);
}
