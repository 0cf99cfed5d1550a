import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Writable } from 'node:stream';
import { DuckDBInstance } from '@duckdb/node-api';
import { pino } from 'pino';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { manualClock } from '@kendali/contracts';
import { Commands, defaultIngestOptions, DuckDbCommandStore, openCore, type Core } from '@kendali/ingest';
import { logStorage } from './event-logging';

const t0 = Date.parse('2026-03-10T03:00:00Z'); // 10:00 WIB
const clock = manualClock(t0);
let dataDir: string;
let core: Core;
/** What the logger wrote, one JSON object a line. */
let logged = '';
const loggedLines = () =>
  logged
    .split('\n')
    .filter((line) => line !== '')
    .map((line) => JSON.parse(line) as { level: number; msg: string; err?: { message: string } });

beforeEach(async () => {
  dataDir = await mkdtemp(join(tmpdir(), 'kendali-event-logging-'));
  clock.set(t0);
  logged = '';
  core = await openCore({ ...defaultIngestOptions, dataDir, clock });
  await core.registry.upsert('sl-1', { kind: 'street-light', name: 'PJU Cibodas 1', district: 'Cibodas' });
});

afterEach(async () => {
  await core.close();
  await rm(dataDir, { recursive: true, force: true });
});

describe('logStorage', () => {
  it('logs an expiry the command store failed to record, with the store’s error message', async () => {
    // Commands on a store of their own, whose DuckDB connection the test closes under them.
    const instance = await DuckDBInstance.create(join(dataDir, 'commands.duckdb'));
    const store = await DuckDbCommandStore.open(instance);
    const commands = await Commands.open(store, { clock, kinds: core.kinds, registry: core.registry });
    const sink = new Writable({
      write(chunk: Buffer, _encoding, done) {
        logged += chunk.toString();
        done();
      },
    });
    logStorage({ telemetry: core.telemetry, alarms: core.alarms, commands }, pino({ level: 'info' }, sink));
    const failures: Error[] = [];
    commands.on('expiryFailed', (error) => failures.push(error));
    try {
      await commands.send('sl-1', { name: 'set-interval', params: { seconds: 10 }, ttlS: 5, createdBy: 'budi (operator)' });
      await store.close();
      clock.advance(5_000);
      commands.start(10);

      const expiryLines = () => loggedLines().filter((line) => line.msg === 'expired commands could not be recorded; tried again at the next expiry tick');
      await expect.poll(() => expiryLines().length, { timeout: 10_000 }).toBeGreaterThan(0);
      // The line carries the error the store threw (DuckDB refusing a closed connection), at error level.
      expect(failures[0]?.message).toMatch(/connection disconnected/);
      expect(expiryLines()[0]).toMatchObject({ level: 50, err: { message: failures[0]!.message } });
    } finally {
      commands.stop();
      instance.closeSync();
    }
  });
});
