import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { Spool } from '../spool/spool';
import { copySpool } from './spool-copy';

let dir: string;
const opened: Spool[] = [];
const open = async (spoolDir: string) => {
  const spool = await Spool.open({ dir: spoolDir, maxBytes: 1024 * 1024, segmentBytes: 256 }); // small segments: several files
  opened.push(spool);
  return spool;
};
const records = (from: number, count: number) => Array.from({ length: count }, (_, i) => Buffer.from(`reading ${from + i}`));

/** Reads everything unread without acknowledging it, as text. */
async function unread(spool: Spool): Promise<string[]> {
  const seen: string[] = [];
  for (let batch = await spool.read(1_000, 64 * 1024); batch; batch = await spool.read(1_000, 64 * 1024)) seen.push(...batch.records.map(String));
  return seen;
}

beforeEach(async () => {
  dir = await mkdtemp(join(tmpdir(), 'kendali-spool-copy-'));
});

afterEach(async () => {
  for (const spool of opened.splice(0)) await spool.close().catch(() => undefined);
  await rm(dir, { recursive: true, force: true });
});

describe('copySpool', () => {
  it('copies what was not forwarded when the copy began, and nothing appended after it', async () => {
    const spool = await open(join(dir, 'spool'));
    for (let i = 0; i < 40; i += 4) await spool.append(records(i, 4));
    const forwarded = await spool.read(15, 64 * 1024); // InfluxDB confirmed the first 15
    await spool.acknowledge(forwarded!);
    const extents = spool.committedExtents();
    expect(extents.length).toBeGreaterThan(1);
    await spool.append(records(40, 4)); // after the extents were taken: not part of the copy
    await copySpool(extents, join(dir, 'spool'), join(dir, 'copy'));

    const copy = await open(join(dir, 'copy'));
    expect(copy.backlog.records).toBe(25);
    expect(await unread(copy)).toEqual(records(15, 25).map(String));
  });

  it('starts at the next segment it has when the checkpoint names one forwarded and deleted meanwhile', async () => {
    const spool = await open(join(dir, 'spool'));
    for (let i = 0; i < 40; i += 4) await spool.append(records(i, 4));
    const extents = spool.committedExtents();
    // The forwarder confirms everything and deletes the segments behind it while the copy runs.
    for (let batch = await spool.read(7, 64 * 1024); batch; batch = await spool.read(7, 64 * 1024)) await spool.acknowledge(batch);
    await copySpool(extents, join(dir, 'spool'), join(dir, 'copy'));

    const copy = await open(join(dir, 'copy'));
    const replayed = await unread(copy);
    // Only records InfluxDB already has may come again (an idempotent replay), in order, none invented.
    expect(replayed).toEqual(records(40 - replayed.length, replayed.length).map(String));
  });
});
