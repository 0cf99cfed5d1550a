import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { DuckDBInstance, type DuckDBConnection } from '@duckdb/node-api';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { builtInKinds, type Reading } from '@kendali/contracts';
import { readLayout } from './duckdb-kind-evolution';
import { embeddedStoreHealth } from './embedded-store-health';
import { GroupCommitWriter, type CommitFailure } from './group-commit-writer';
import { tableDdl, type TableLayout } from './telemetry-tables';

// The writer on a connection of the test's own, so the test can do on it what nothing else should.
const base = Date.parse('2026-03-10T03:00:00Z');
const minuteMs = 60_000;
let dataDir: string;
let instance: DuckDBInstance;
let connection: DuckDBConnection;
let writer: GroupCommitWriter;

beforeEach(async () => {
  dataDir = await mkdtemp(join(tmpdir(), 'kendali-group-commit-'));
  instance = await DuckDBInstance.create(join(dataDir, 'kendali.duckdb'));
  connection = await instance.connect();
  const spec = builtInKinds.spec('traffic');
  if (spec === undefined) throw new Error('no built-in traffic kind');
  for (const statement of tableDdl(spec)) await connection.run(statement);
  const layouts = new Map<string, TableLayout>([['traffic', await readLayout(connection, 'traffic')]]);
  writer = await GroupCommitWriter.open(connection, layouts);
});

afterEach(async () => {
  writer.close();
  connection.closeSync();
  instance.closeSync();
  await rm(dataDir, { recursive: true, force: true });
});

const count = (deviceId: string, minute: number): Reading => ({
  deviceId,
  kind: 'traffic',
  district: 'Tangerang',
  ts: base + minute * minuteMs,
  receivedAt: base + minute * minuteMs,
  fields: { vehicleCount: minute },
});

async function storedDevices(): Promise<string[]> {
  const reader = await connection.runAndReadAll('SELECT device_id FROM telemetry_traffic ORDER BY device_id');
  return reader.getRowObjectsJS().map((row) => String(row.device_id));
}

describe('GroupCommitWriter', () => {
  it('rejects the waiting appends when the BEGIN of their commit fails, and commits the next append', async () => {
    // Work between commits that left its transaction open: the commit's own BEGIN then fails in DuckDB.
    const changes: (CommitFailure | undefined)[] = [];
    writer.onFailingChanged = (failing) => changes.push(failing);
    await writer.exclusive(() => connection.run('BEGIN TRANSACTION'));
    const first = writer.append([count('tr-1', 0)]);
    const second = writer.append([count('tr-2', 0)]);
    await expect(first).rejects.toThrow(/transaction/i);
    await expect(second).rejects.toThrow(/transaction/i);
    expect(writer.commits).toBe(0);
    expect(writer.failing).toMatchObject({ commitsInARow: 1, message: expect.stringMatching(/transaction/i) });
    const health = embeddedStoreHealth(writer.committedRows, writer.failing);
    expect(health.ok).toBe(false);
    expect(health.detail).toMatch(/^embedded DuckDB: the last commit failed \(.*transaction.*\); devices get no PUBACK and send again$/i);

    await writer.append([count('tr-3', 1)]);
    expect(writer.failing).toBeUndefined();
    expect(embeddedStoreHealth(writer.committedRows, writer.failing)).toMatchObject({ ok: true, detail: 'embedded DuckDB, 1 readings stored since start' });
    expect(changes.map((failing) => failing?.commitsInARow)).toEqual([1, undefined]); // told once as it began failing, once as it recovered
    expect(writer.commits).toBe(1);
    expect(writer.committedRows).toBe(1);
    expect(await storedDevices()).toEqual(['tr-3']);
  });

  it('rejects the appends of every commit once its connection is closed, leaving none waiting', async () => {
    connection.closeSync();
    await expect(writer.append([count('tr-1', 0)])).rejects.toThrow(/connection disconnected/);
    await expect(writer.append([count('tr-2', 0)])).rejects.toThrow(/connection disconnected/);
    expect(writer.commits).toBe(0);
    expect(writer.failing?.commitsInARow).toBe(2);
    expect(embeddedStoreHealth(0, writer.failing).detail).toMatch(/the last 2 commits failed \(.*connection disconnected.*\)/);
  });
});
