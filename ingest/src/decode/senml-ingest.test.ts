import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { manualClock } from '@kendali/contracts';
import { openCore, type Core } from '../assemble';
import { defaultIngestOptions } from '../ingest-options';

let dataDir: string | undefined;
let ingest: Core | undefined;

afterEach(async () => {
  await ingest?.close();
  ingest = undefined;
  if (dataDir) await rm(dataDir, { recursive: true, force: true });
});

describe('a SenML message through Ingest with a real DuckDB file', () => {
  it('is stored with the mapped fields at the resolved times, and a bad one is answered with a reason', async () => {
    dataDir = await mkdtemp(join(tmpdir(), 'kendali-senml-'));
    const nowMs = Date.parse('2026-03-10T03:00:00Z');
    ingest = await openCore({ ...defaultIngestOptions, dataDir, clock: manualClock(nowMs) });
    await ingest.registry.upsert('wl-pintu-air-10', { kind: 'water-level', name: 'Pintu Air 10', district: 'Karawaci' });
    const baseS = nowMs / 1000 - 120;
    const pack = [
      { bn: 'urn:dev:kendali:wl-pintu-air-10:', bt: baseS, n: 'waterLevelCm', v: 312.5 },
      { n: 'batteryV', u: 'V', v: 12.6 },
      { n: 'waterLevelCm', v: 318, t: 60 },
    ];
    expect(await ingest.pipeline.acceptTelemetry('wl-pintu-air-10', Buffer.from(JSON.stringify(pack)))).toMatchObject({ stored: 2, rejections: [] });

    const query = { deviceId: 'wl-pintu-air-10', kind: 'water-level' as const, fromMs: baseS * 1000 - 1, toMs: baseS * 1000 + 61_000, fn: 'mean' as const, limit: 10 };
    const levels = await ingest.telemetry.history({ ...query, field: 'waterLevelCm' });
    expect(levels.map((point) => [point.t, point.value])).toEqual([
      [baseS * 1000, 312.5],
      [baseS * 1000 + 60_000, 318],
    ]);
    const battery = await ingest.telemetry.history({ ...query, field: 'batteryV' });
    expect(battery.map((point) => [point.t, point.value])).toEqual([[baseS * 1000, 12.6]]);

    const bad = await ingest.pipeline.acceptTelemetry('wl-pintu-air-10', Buffer.from(JSON.stringify([{ n: 'levelM', u: 'm', v: 3.1 }])));
    expect(bad.stored).toBe(0);
    expect(bad.rejections[0]).toMatchObject({ code: 'KENDALI_ERR_SENML_UNMAPPED', message: expect.stringContaining('"levelM" names no water-level field') });
  });
});
