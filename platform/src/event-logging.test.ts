import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Writable } from 'node:stream';
import { DuckDBInstance } from '@duckdb/node-api';
import { pino } from 'pino';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { builtInKinds, KindSet, manualClock } from '@kendali/contracts';
import { Commands, defaultIngestOptions, DuckDbCommandStore, openCore, RejectionLog, TelemetryPipeline, type Core } from '@kendali/ingest';
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
    .map((line) => JSON.parse(line) as { level: number; msg: string; deviceId?: string; err?: { message: string } });

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

/** A logger writing into `logged`. */
const capturingLogger = () =>
  pino(
    { level: 'info' },
    new Writable({
      write(chunk: Buffer, _encoding, done) {
        logged += chunk.toString();
        done();
      },
    }),
  );

describe('logStorage', () => {
  it('logs an expiry the command store failed to record, with the store’s error message', async () => {
    // Commands on a store of their own, whose DuckDB connection the test closes under them.
    const instance = await DuckDBInstance.create(join(dataDir, 'commands.duckdb'));
    const store = await DuckDbCommandStore.open(instance);
    const commands = await Commands.open(store, { clock, kinds: core.kinds, registry: core.registry });
    logStorage({ telemetry: core.telemetry, alarms: core.alarms, commands, pipeline: core.pipeline }, capturingLogger());
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
  it('logs a telemetry message a fault in Kendali kept it from reading, with the device and the fault', async () => {
    // A pipeline over a catalogue that has lost the street light's kind: reading its message throws.
    const withoutLights = new KindSet(builtInKinds.all().filter((spec) => spec.kind !== 'street-light'));
    const neverStored = { append: () => Promise.reject(new Error('a message Kendali could not read never reaches the store')) };
    const pipeline = new TelemetryPipeline(core.registry, neverStored, core.live, new RejectionLog(), { ...defaultIngestOptions, clock }, withoutLights);
    logStorage({ telemetry: core.telemetry, alarms: core.alarms, commands: core.commands, pipeline }, capturingLogger());

    const outcome = await pipeline.acceptTelemetry('sl-1', Buffer.from('{"on": true}'));
    expect(outcome.rejections.map((rejection) => rejection.code)).toEqual(['KENDALI_ERR_INTERNAL']);
    const line = loggedLines().find((candidate) => candidate.msg.includes('refused with KENDALI_ERR_INTERNAL'));
    expect(line).toMatchObject({ level: 50, deviceId: 'sl-1', err: { message: expect.stringContaining('unknown device kind "street-light"') } });
  });
});
