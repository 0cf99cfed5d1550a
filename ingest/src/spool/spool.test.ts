import { appendFile, mkdtemp, readdir, rm, stat } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { encodeRecords } from './record-format';
import { Spool, SpoolClosedError } from './spool';
import { segmentPath } from './spool-files';

let dir: string;
const opened: Spool[] = [];
const open = async (options: { maxBytes?: number; segmentBytes?: number } = {}) => {
  const spool = await Spool.open({ dir, maxBytes: options.maxBytes ?? 1024 * 1024, segmentBytes: options.segmentBytes ?? 64 * 1024 });
  opened.push(spool);
  return spool;
};
const records = (from: number, count: number) => Array.from({ length: count }, (_, i) => Buffer.from(`reading ${from + i}`));
const text = (batch: { records: readonly Buffer[] } | undefined) => batch?.records.map((record) => record.toString()) ?? [];

/** Reads and acknowledges everything unread, returning it as text. */
async function drain(spool: Spool): Promise<string[]> {
  const seen: string[] = [];
  for (let batch = await spool.read(100, 64 * 1024); batch; batch = await spool.read(100, 64 * 1024)) {
    seen.push(...text(batch));
    await spool.acknowledge(batch);
  }
  return seen;
}

beforeEach(async () => {
  dir = await mkdtemp(join(tmpdir(), 'kendali-spool-'));
});

afterEach(async () => {
  for (const spool of opened.splice(0)) await spool.close().catch(() => undefined);
  await rm(dir, { recursive: true, force: true });
});

describe('Spool', () => {
  it('group-commits concurrent appends: one commit for appends that waited together', async () => {
    const spool = await open();
    await Promise.all(Array.from({ length: 50 }, (_, i) => spool.append(records(i * 2, 2))));
    expect(spool.commits).toBe(1);
    expect(spool.backlog.records).toBe(100);
    expect(await drain(spool)).toEqual(records(0, 100).map(String));
    expect(spool.backlog).toEqual({ records: 0, bytes: 0 });
  });

  it('tells of each commit, with its duration and the records it made durable', async () => {
    const spool = await open();
    const told: { seconds: number; records: number }[] = [];
    spool.onCommitted = (seconds, count) => told.push({ seconds, records: count });
    await Promise.all(Array.from({ length: 5 }, (_, i) => spool.append(records(i * 3, 3))));
    await spool.append(records(15, 1));
    expect(told.map((commit) => commit.records)).toEqual([15, 1]);
    expect(told.length).toBe(spool.commits);
    for (const { seconds } of told) expect(seconds).toBeGreaterThanOrEqual(0);
  });

  it('replays what was not acknowledged after a reopen, and nothing that was', async () => {
    let spool = await open();
    await spool.append(records(0, 10));
    const first = await spool.read(4, 1024);
    await spool.acknowledge(first!);
    await spool.read(4, 1024); // read but never confirmed: must come back
    await spool.close();

    spool = await open();
    expect(spool.recovery.backlogRecords).toBe(6);
    expect(await drain(spool)).toEqual(records(4, 6).map(String));
  });

  it('survives a torn last record: truncates it and keeps every earlier record', async () => {
    let spool = await open();
    await spool.append(records(0, 5));
    await spool.close();
    // A crash in the middle of a write: the next record's header and half its payload reached the disk.
    const whole = encodeRecords([Buffer.from('reading 5 that never finished')]);
    const path = segmentPath(dir, 1);
    const sizeBefore = (await stat(path)).size;
    await appendFile(path, whole.subarray(0, 20));

    spool = await open();
    expect(spool.recovery.tornBytes).toBe(20);
    expect((await stat(path)).size).toBe(sizeBefore);
    await spool.append(records(5, 2)); // appending resumes right after the last whole record
    expect(await drain(spool)).toEqual(records(0, 7).map(String));
  });

  it('treats a record whose CRC fails as the end of the log', async () => {
    let spool = await open();
    await spool.append(records(0, 3));
    await spool.close();
    const damaged = encodeRecords([Buffer.from('reading 3')]);
    damaged.writeUInt8(damaged.readUInt8(damaged.length - 1) ^ 0xff, damaged.length - 1);
    await appendFile(segmentPath(dir, 1), damaged);
    spool = await open();
    expect(spool.recovery.tornBytes).toBe(damaged.length);
    expect(await drain(spool)).toEqual(records(0, 3).map(String));
  });

  it('rolls segments and deletes those wholly forwarded', async () => {
    const spool = await open({ segmentBytes: 200 });
    for (let i = 0; i < 10; i++) await spool.append(records(i * 5, 5));
    const segmentFiles = async () => (await readdir(dir)).filter((name) => name.startsWith('segment-'));
    expect((await segmentFiles()).length).toBeGreaterThan(3);
    expect(await drain(spool)).toEqual(records(0, 50).map(String));
    expect(await segmentFiles()).toHaveLength(1); // only the one being appended to
  });

  it('holds appends at the size bound until the forwarder frees room (back-pressure), losing none', async () => {
    const spool = await open({ maxBytes: 200 });
    await spool.append(records(0, 5)); // 5 × (8 + 9) = 85 bytes
    await spool.append(records(5, 5)); // 170 bytes: still under 200
    let thirdStored = false;
    const third = spool.append(records(10, 5)).then(() => (thirdStored = true));
    await vi.waitFor(() => expect(spool.heldAtBound).toBe(true));
    expect(thirdStored).toBe(false);
    expect(spool.waitingAppends).toBe(1);
    expect(spool.backlog.bytes).toBeLessThanOrEqual(200);

    const batch = await spool.read(5, 1024);
    await spool.acknowledge(batch!);
    await third;
    expect(thirdStored).toBe(true);
    expect(await drain(spool)).toEqual(records(5, 10).map(String));
  });

  it('refuses appends still held at the bound when it closes (the publisher resends)', async () => {
    const spool = await open({ maxBytes: 100 });
    await spool.append(records(0, 5));
    const held = spool.append(records(5, 5)).catch((error: unknown) => error);
    await vi.waitFor(() => expect(spool.heldAtBound).toBe(true));
    await spool.close();
    expect(await held).toBeInstanceOf(SpoolClosedError);
  });

  it('wakes a reader waiting for the next commit', async () => {
    const spool = await open();
    const seen = spool.commits;
    expect(await spool.read(10, 1024)).toBeUndefined();
    const woken = spool.commitAfter(seen);
    await spool.append(records(0, 1));
    await woken;
    expect(text(await spool.read(10, 1024))).toEqual(['reading 0']);
  });
});
