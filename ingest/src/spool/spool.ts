import { mkdir, open, type FileHandle } from 'node:fs/promises';
import { IngestError } from '../errors';
import { encodeRecords } from './record-format';
import { removeSegment, segmentPath, syncDirectory, writeCheckpoint } from './spool-files';
import { recoverSpool, type SegmentExtent, type SpoolRecovery } from './spool-recovery';
import { SpoolReader, type SpoolBatch } from './spool-reader';

export interface SpoolOptions {
  readonly dir: string;
  /** Bound on unforwarded bytes: an append that would pass it waits until the forwarder frees room. */
  readonly maxBytes: number;
  /** A segment file is closed and a new one begun once it holds this many bytes. */
  readonly segmentBytes: number;
}

interface PendingAppend {
  readonly frame: Buffer;
  readonly records: number;
  readonly resolve: () => void;
  readonly reject: (error: Error) => void;
}

const maxCommitBytes = 8 * 1024 * 1024; // 8 MiB: one write call

export class SpoolClosedError extends IngestError {
  constructor() {
    super('KENDALI_ERR_SPOOL_CLOSED', 'the spool is closing; the append was not stored');
    this.name = 'SpoolClosedError';
  }
}

/**
 * A durable write-ahead spool: append-only segment files of length-prefixed, CRC-checked records.
 * Appends are group-committed — every append waiting when a commit starts joins it, one write and
 * one fdatasync per commit, and the next commit starts when the previous ends (no timer). A reader
 * forwards records onward and acknowledges them, which advances an atomically replaced checkpoint
 * and deletes segments left wholly behind it. At `maxBytes` of unacknowledged records appends wait
 * (back-pressure): nothing already acknowledged to a caller is ever dropped.
 */
export class Spool {
  readonly #pending: PendingAppend[] = [];
  readonly #commitWaiters: (() => void)[] = [];
  #running: Promise<void> | undefined;
  #roomFreed: (() => void) | undefined;
  #backlogRecords: number;
  #backlogBytes: number;
  #commits = 0;
  #closed = false;
  /** Told of every commit that succeeded: its duration, seconds (write and fdatasync), and its records. */
  onCommitted: ((seconds: number, records: number) => void) | undefined;

  private constructor(
    private readonly options: SpoolOptions,
    private readonly segments: SegmentExtent[],
    private active: FileHandle,
    private readonly reader: SpoolReader,
    /** What opening found: backlog replayed, torn bytes cut. */
    readonly recovery: SpoolRecovery,
  ) {
    this.#backlogRecords = recovery.backlogRecords;
    this.#backlogBytes = recovery.backlogBytes;
  }

  static async open(options: SpoolOptions): Promise<Spool> {
    await mkdir(options.dir, { recursive: true });
    const recovery = await recoverSpool(options.dir);
    const segments = [...recovery.segments];
    let last = segments.at(-1);
    if (last === undefined) {
      last = { segment: recovery.start.segment, end: 0 };
      segments.push(last);
      await createSegment(options.dir, last.segment).then((file) => file.close());
    }
    const active = await open(segmentPath(options.dir, last.segment), 'r+');
    return new Spool(options, segments, active, new SpoolReader(options.dir, segments, recovery.start), recovery);
  }

  /** Unforwarded records and their bytes on disk. */
  get backlog(): { readonly records: number; readonly bytes: number } {
    return { records: this.#backlogRecords, bytes: this.#backlogBytes };
  }

  /** Each segment and the end of its last commit, as of now: the bytes a copy may take whole. */
  committedExtents(): SegmentExtent[] {
    return this.segments.map(({ segment, end }) => ({ segment, end }));
  }

  /** Appends waiting for the committer, including those held back at the size bound. */
  get waitingAppends(): number {
    return this.#pending.length;
  }

  /** The committer is parked at the size bound, waiting for the forwarder to free room. */
  get heldAtBound(): boolean {
    return this.#roomFreed !== undefined;
  }

  get commits(): number {
    return this.#commits;
  }

  /** The records waiting when the spool opened, in order, a batch at a time; read them before forwarding starts. */
  async *recovered(batchBytes: number): AsyncGenerator<readonly Buffer[]> {
    const reader = new SpoolReader(this.options.dir, this.segments, this.recovery.start);
    try {
      for (let batch = await reader.read(Number.MAX_SAFE_INTEGER, batchBytes); batch !== undefined; batch = await reader.read(Number.MAX_SAFE_INTEGER, batchBytes)) {
        yield batch.records;
      }
    } finally {
      await reader.close();
    }
  }

  /** Resolves once every payload is a record on disk (written and fdatasynced). */
  append(payloads: readonly Buffer[]): Promise<void> {
    if (this.#closed) return Promise.reject(new SpoolClosedError());
    const frame = encodeRecords(payloads);
    return new Promise((resolve, reject) => {
      this.#pending.push({ frame, records: payloads.length, resolve, reject });
      this.#running ??= this.#drain();
    });
  }

  /** The next unread records, or undefined when everything durable was read. */
  read(maxRecords: number, maxBytes: number): Promise<SpoolBatch | undefined> {
    return this.reader.read(maxRecords, maxBytes);
  }

  /** Resolves once a commit after number `seenCommits` ended (at once if one already did), or on close. */
  commitAfter(seenCommits: number): Promise<void> {
    if (this.#commits > seenCommits || this.#closed) return Promise.resolve();
    return new Promise((resolve) => this.#commitWaiters.push(resolve));
  }

  /** The batch reached its destination: move the checkpoint past it and free its room. */
  async acknowledge(batch: SpoolBatch): Promise<void> {
    await writeCheckpoint(this.options.dir, batch.end);
    this.#backlogRecords -= batch.records.length;
    this.#backlogBytes -= batch.bytes;
    const activeSegment = this.segments.at(-1)?.segment;
    while (this.segments.length > 1) {
      const oldest = this.segments[0];
      if (oldest === undefined || oldest.segment === activeSegment) break;
      const behind = oldest.segment < batch.end.segment || (oldest.segment === batch.end.segment && batch.end.offset >= oldest.end);
      if (!behind) break;
      this.segments.shift();
      await removeSegment(this.options.dir, oldest.segment);
    }
    this.#roomFreed?.();
  }

  /** Stops taking appends; waits for the commit under way; appends held at the bound are refused. */
  async close(): Promise<void> {
    this.#closed = true;
    this.#roomFreed?.();
    await this.#running;
    for (const waiter of this.#commitWaiters.splice(0)) waiter();
    await this.reader.close();
    await this.active.close();
  }

  async #drain(): Promise<void> {
    // Let I/O already queued on the event loop (other publishers) join the first commit.
    await new Promise<void>((resolve) => setImmediate(resolve));
    try {
      while (this.#pending.length > 0) {
        if (this.#closed && this.#admit(true).length === 0) break;
        const batch = this.#admit(false);
        if (batch.length > 0) await this.#commit(batch);
        else await new Promise<void>((resolve) => (this.#roomFreed = resolve));
        this.#roomFreed = undefined;
      }
    } finally {
      for (const refused of this.#pending.splice(0)) refused.reject(new SpoolClosedError());
      this.#running = undefined;
    }
  }

  /** Takes waiting appends from the head while they fit under the bound (one always fits an empty spool). */
  #admit(peek: boolean): PendingAppend[] {
    let bytes = 0;
    let count = 0;
    for (const item of this.#pending) {
      const fits = this.#backlogBytes + bytes + item.frame.length <= this.options.maxBytes || (this.#backlogBytes === 0 && count === 0);
      if (!fits || (count > 0 && bytes + item.frame.length > maxCommitBytes)) break;
      bytes += item.frame.length;
      count++;
    }
    return peek ? this.#pending.slice(0, count) : this.#pending.splice(0, count);
  }

  async #commit(batch: PendingAppend[]): Promise<void> {
    const extent = this.segments.at(-1) as SegmentExtent;
    const buffer = batch.length === 1 ? (batch[0] as PendingAppend).frame : Buffer.concat(batch.map((item) => item.frame));
    const startedMs = performance.now();
    try {
      await this.active.write(buffer, 0, buffer.length, extent.end);
      await this.active.datasync();
    } catch (error) {
      await this.active.truncate(extent.end).catch(() => undefined); // drop a partial write; best effort
      const failure = error instanceof Error ? error : new Error(String(error));
      for (const item of batch) item.reject(failure);
      return;
    }
    extent.end += buffer.length;
    for (const item of batch) this.#backlogRecords += item.records;
    this.#backlogBytes += buffer.length;
    this.#commits++;
    if (this.onCommitted !== undefined) {
      let records = 0;
      for (const item of batch) records += item.records;
      this.onCommitted((performance.now() - startedMs) / 1000, records);
    }
    for (const item of batch) item.resolve();
    for (const waiter of this.#commitWaiters.splice(0)) waiter();
    if (extent.end >= this.options.segmentBytes) await this.#roll(extent.segment + 1).catch(() => undefined); // retried after the next commit
  }

  async #roll(segment: number): Promise<void> {
    const file = await createSegment(this.options.dir, segment);
    const previous = this.active;
    this.active = file;
    this.segments.push({ segment, end: 0 });
    await previous.close();
  }
}

async function createSegment(dir: string, segment: number): Promise<FileHandle> {
  const file = await open(segmentPath(dir, segment), 'wx+');
  await syncDirectory(dir);
  return file;
}
