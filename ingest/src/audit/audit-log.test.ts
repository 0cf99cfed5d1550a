import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { DuckDBInstance } from '@duckdb/node-api';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { auditGenesisHash, manualClock } from '@kendali/contracts';
import { AuditLog } from './audit-log';

let dataDir: string;
let file: string;
const opened: { instance: DuckDBInstance; log: AuditLog }[] = [];
const clock = manualClock(Date.parse('2026-03-10T03:00:00Z'));

async function open(): Promise<AuditLog> {
  const instance = await DuckDBInstance.create(file);
  const log = await AuditLog.open(instance, clock);
  opened.push({ instance, log });
  return log;
}

async function closeAll(): Promise<void> {
  for (const { instance, log } of opened.splice(0)) {
    await log.close();
    instance.closeSync();
  }
}

/** Changes the database file behind Kendali's back, as someone with access to the disk could. */
async function tamper(sql: string): Promise<void> {
  await closeAll();
  const instance = await DuckDBInstance.create(file);
  const connection = await instance.connect();
  await connection.run(sql);
  connection.closeSync();
  instance.closeSync();
}

const write = (n: number, actor = 'budi') => ({ actor, role: 'engineer', address: '10.20.0.7', action: 'PUT /api/kinds/:kind', target: `kind-${n}`, status: 200, summary: `{"labels":{"en":"Kind ${n}"}}` });

async function fill(log: AuditLog, count: number): Promise<void> {
  for (let n = 1; n <= count; n++) {
    await log.append(write(n, n % 2 === 0 ? 'siti' : 'budi'));
    clock.advance(1_000);
  }
}

beforeEach(async () => {
  dataDir = await mkdtemp(join(tmpdir(), 'kendali-audit-'));
  file = join(dataDir, 'kendali.duckdb');
});

afterEach(async () => {
  await closeAll();
  await rm(dataDir, { recursive: true, force: true });
});

describe('AuditLog', () => {
  it('numbers and chains every entry, and finds them by actor, target and time, newest first', async () => {
    const log = await open();
    expect(await log.verify()).toEqual({ ok: true, entries: 0, head: null, brokenAt: null, problem: null });
    const first = await log.append(write(1));
    expect(first).toMatchObject({ seq: 1, prevHash: auditGenesisHash, actor: 'budi', role: 'engineer', target: 'kind-1' });
    expect(first.hash).toMatch(/^[0-9a-f]{64}$/);
    clock.advance(1_000);
    const second = await log.append({ ...write(2), role: null, target: null });
    expect(second).toMatchObject({ seq: 2, prevHash: first.hash, role: null, target: null });
    await fill(log, 3);
    expect((await log.query({ limit: 100 })).map((entry) => entry.seq)).toEqual([5, 4, 3, 2, 1]);
    expect((await log.query({ actor: 'siti', limit: 100 })).map((entry) => entry.seq)).toEqual([4]);
    expect((await log.query({ target: 'kind-1', limit: 100 })).map((entry) => entry.seq)).toEqual([3, 1]);
    expect((await log.query({ fromMs: second.at, toMs: second.at + 1_000, limit: 100 })).map((entry) => entry.seq)).toEqual([3, 2]);
    expect((await log.query({ beforeSeq: 3, limit: 1 })).map((entry) => entry.seq)).toEqual([2]);
    expect(await log.verify()).toMatchObject({ ok: true, entries: 5, head: { seq: 5 }, brokenAt: null });
  });

  it('carries the chain on across a restart', async () => {
    await fill(await open(), 3);
    await closeAll();
    const log = await open();
    const fourth = await log.append(write(4));
    expect(fourth.seq).toBe(4);
    expect(await log.verify()).toMatchObject({ ok: true, entries: 4, head: { seq: 4, hash: fourth.hash } });
  });

  it('names an entry edited in the database file', async () => {
    await fill(await open(), 6);
    await tamper(`UPDATE audit_log SET actor = 'someone else' WHERE seq = 4`);
    expect(await (await open()).verify()).toEqual({
      ok: false,
      entries: 3,
      head: null,
      brokenAt: 4,
      problem: 'entry 4 was changed after it was written: its content no longer matches its hash',
    });
  });

  it('names an edit that rehashed the entry: the next one no longer follows it', async () => {
    const log = await open();
    await fill(log, 5);
    const [third] = await log.query({ target: 'kind-3', limit: 1 });
    // Someone changes entry 3 and computes its hash again; entry 4 still holds the old hash.
    const { entryHash } = await import('./audit-chain');
    const forged = { ...third!, status: 403 };
    await tamper(`UPDATE audit_log SET status = 403, hash = '${entryHash(forged)}' WHERE seq = 3`);
    expect(await (await open()).verify()).toMatchObject({ ok: false, brokenAt: 4, problem: 'entry 4 does not follow entry 3: one of them was replaced' });
  });

  it('names entries deleted from the middle of the log', async () => {
    await fill(await open(), 6);
    await tamper('DELETE FROM audit_log WHERE seq IN (3, 4)');
    expect(await (await open()).verify()).toMatchObject({ ok: false, entries: 2, brokenAt: 3, problem: 'entries 3-4 are missing: deleted from the log' });
  });

  it('names entries deleted from its end while it runs', async () => {
    const log = await open();
    await fill(log, 4);
    const instance = opened[0]!.instance;
    const other = await instance.connect();
    await other.run('DELETE FROM audit_log WHERE seq = 4');
    other.closeSync();
    expect(await log.verify()).toMatchObject({ ok: false, entries: 3, brokenAt: 4, problem: 'entries 4-4 are missing: deleted from the end of the log' });
  });
});
