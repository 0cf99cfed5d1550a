import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { DuckDBInstance } from '@duckdb/node-api';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { builtInKinds, KindSet, kotaTangerang, manualClock, type Reading } from '@kendali/contracts';
import { defaultIngestOptions } from '../ingest-options';
import { LiveState } from '../live/live-state';
import { DeviceRegistry } from '../registry/device-registry';
import { RejectionLog } from './rejection-log';
import { TelemetryPipeline } from './telemetry-pipeline';

const t0 = Date.UTC(2025, 10, 22, 3, 0, 0); // 10:00 WIB

let dataDir: string;
let instance: DuckDBInstance;
let registry: DeviceRegistry;

beforeEach(async () => {
  dataDir = await mkdtemp(join(tmpdir(), 'kendali-pipeline-'));
  instance = await DuckDBInstance.create(join(dataDir, 'kendali.duckdb'));
  registry = await DeviceRegistry.open(instance, manualClock(t0), [kotaTangerang]);
  await registry.provision([{ id: 'wl-1', kind: 'water-level', name: 'Pos Kali Ledug', district: 'Periuk' }], () => 'secret');
});

afterEach(async () => {
  await registry.close();
  instance.closeSync();
  await rm(dataDir, { recursive: true, force: true });
});

/** A store whose commits the test ends by hand: each append waits until `commit` or `fail` is called. */
function heldStore() {
  const waiting: { readings: readonly Reading[]; resolve: () => void; reject: (error: Error) => void }[] = [];
  return {
    waiting,
    append: (readings: readonly Reading[]) => new Promise<void>((resolve, reject) => waiting.push({ readings, resolve, reject })),
    commit: () => waiting.shift()!.resolve(),
    fail: (error: Error) => waiting.shift()!.reject(error),
  };
}

function pipelineOver(store: ReturnType<typeof heldStore>) {
  const clock = manualClock(t0);
  const live = new LiveState(registry, { ...defaultIngestOptions, clock });
  return { live, pipeline: new TelemetryPipeline(registry, store, live, new RejectionLog(), { ...defaultIngestOptions, clock }) };
}

const payload = (waterLevelCm: number) => Buffer.from(JSON.stringify({ ts: t0, waterLevelCm }));

describe('TelemetryPipeline and the live state', () => {
  it('puts a valid reading on the next frame while its commit is under way, and counts it as stored once it is durable', async () => {
    const store = heldStore();
    const { live, pipeline } = pipelineOver(store);
    const accepted = pipeline.acceptTelemetry('wl-1', payload(180));
    await expect.poll(() => store.waiting.length).toBe(1);

    const during = live.tick(t0 + 250);
    expect(during.readings.map((r) => [r.deviceId, r.fields.waterLevelCm])).toEqual([['wl-1', 180]]);
    expect(during.stats.storedTotal).toBe(0); // on the wall, not yet in the record

    store.commit();
    await expect(accepted).resolves.toMatchObject({ stored: 1 });
    expect(live.tick(t0 + 500).stats.storedTotal).toBe(1);
  });

  it('keeps the wall moving while the store fails: the reading is shown, never counted as stored, and the publisher is told', async () => {
    const store = heldStore();
    const { live, pipeline } = pipelineOver(store);
    const accepted = pipeline.acceptTelemetry('wl-1', payload(240));
    await expect.poll(() => store.waiting.length).toBe(1);
    store.fail(new Error('disk full'));
    await expect(accepted).rejects.toThrow('disk full');

    const frame = live.tick(t0 + 250);
    expect(frame.readings.map((r) => r.fields.waterLevelCm)).toEqual([240]);
    expect(frame.stats.storedTotal).toBe(0);
  });

  it('leaves a rejected reading off the wall', async () => {
    const store = heldStore();
    const { live, pipeline } = pipelineOver(store);
    const outcome = await pipeline.acceptTelemetry('wl-1', Buffer.from(JSON.stringify({ ts: t0, waterLevelCm: 'high' })));
    expect(outcome.stored).toBe(0);
    expect(outcome.rejections).toHaveLength(1);
    expect(store.waiting).toHaveLength(0);
    expect(live.tick(t0 + 250).readings).toEqual([]);
  });
  it("refuses a message a fault of Kendali's own keeps it from reading with KENDALI_ERR_INTERNAL, acknowledged, instead of failing like the store", async () => {
    // A catalogue that has lost the device's kind: reading its message throws inside the pipeline.
    const clock = manualClock(t0);
    const live = new LiveState(registry, { ...defaultIngestOptions, clock });
    const store = heldStore();
    const withoutWater = new KindSet(builtInKinds.all().filter((spec) => spec.kind !== 'water-level'));
    const pipeline = new TelemetryPipeline(registry, store, live, new RejectionLog(), { ...defaultIngestOptions, clock }, withoutWater);
    const faults: string[] = [];
    pipeline.on('fault', (deviceId, error) => faults.push(`${deviceId}: ${error.message}`));

    const outcome = await pipeline.acceptTelemetry('wl-1', payload(150));
    expect(outcome).toMatchObject({ stored: 0, readings: [], rejections: [{ code: 'KENDALI_ERR_INTERNAL' }] });
    expect(outcome.rejections[0]!.message).toMatch(/^Kendali failed to read this message \(unknown device kind "water-level".*\); it was not stored/);
    expect(faults).toEqual([expect.stringMatching(/^wl-1: unknown device kind "water-level"/)]);
    expect(store.waiting).toHaveLength(0);
  });
});
