import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { manualClock } from '@kendali/contracts';
import { openCore, type Core } from './assemble';
import { defaultIngestOptions } from './ingest-options';

let dataDir: string;
let ingest: Core | undefined;

const t0 = Date.parse('2026-03-10T03:00:00Z'); // 10:00 WIB
const clock = manualClock(t0);
const open = async () => (ingest = await openCore({ ...defaultIngestOptions, dataDir, clock }));
const payload = (value: unknown) => Buffer.from(JSON.stringify(value));

beforeEach(async () => {
  dataDir = await mkdtemp(join(tmpdir(), 'kendali-ingest-'));
});

afterEach(async () => {
  await ingest?.close();
  ingest = undefined;
  await rm(dataDir, { recursive: true, force: true });
});

describe('Ingest with a real DuckDB file', () => {
  it('stores valid readings, rejects bad ones with reasons, and reads history back in buckets', async () => {
    const core = await open();
    await core.registry.upsert('wl-1', { kind: 'water-level', name: 'Pintu Air 10', district: 'Tangerang' });
    const base = t0 - 10 * 60_000;
    const batch = Array.from({ length: 10 }, (_, i) => ({ ts: base + i * 60_000, waterLevelCm: 200 + i }));
    expect(await core.pipeline.acceptTelemetry('wl-1', payload(batch))).toMatchObject({ stored: 10, rejections: [] });

    const outcome = await core.pipeline.acceptTelemetry('wl-1', payload([{ waterLevelCm: 5000 }, { waterLevelCm: 250 }]));
    expect(outcome.stored).toBe(1);
    expect(outcome.rejections).toHaveLength(1);
    expect(outcome.rejections[0]?.message).toMatch(/^item 0: water-level: field "waterLevelCm" is 5000 cm/);

    const unknown = await core.pipeline.acceptTelemetry('nobody', payload({ waterLevelCm: 1 }));
    expect(unknown.rejections[0]?.code).toBe('KENDALI_ERR_DEVICE_UNKNOWN');

    const raw = await core.telemetry.history({
      deviceId: 'wl-1', kind: 'water-level', field: 'waterLevelCm', fromMs: base, toMs: base + 10 * 60_000, fn: 'mean', limit: 100,
    });
    expect(raw.map((p) => p.value)).toEqual([200, 201, 202, 203, 204, 205, 206, 207, 208, 209]);

    const buckets = await core.telemetry.history({
      deviceId: 'wl-1', kind: 'water-level', field: 'waterLevelCm', fromMs: base, toMs: base + 10 * 60_000, everyMs: 300_000, fn: 'max', limit: 100,
    });
    expect(buckets.reduce((sum, p) => sum + (p.value as number), 0)).toBeGreaterThan(0);
    expect(Math.max(...buckets.map((p) => p.value as number))).toBe(209);
    const counts = await core.telemetry.history({
      deviceId: 'wl-1', kind: 'water-level', field: 'waterLevelCm', fromMs: base, toMs: base + 10 * 60_000, everyMs: 3_600_000, fn: 'count', limit: 100,
    });
    expect(counts.reduce((sum, p) => sum + (p.value as number), 0)).toBe(10);
    expect(core.rejections.byCode.get('KENDALI_ERR_FIELD_RANGE')).toBe(1);
    expect(core.rejections.recent(10, 'wl-1')).toHaveLength(1);
    // The record names the telemetry topic the message came in on (built only when something is rejected).
    expect(core.rejections.recent(10, 'wl-1')[0]).toMatchObject({ deviceId: 'wl-1', topic: 'kendali/v1/devices/wl-1/telemetry', code: 'KENDALI_ERR_FIELD_RANGE' });
    expect(core.rejections.recent(10, 'nobody')[0]?.topic).toBe('kendali/v1/devices/nobody/telemetry');
  });

  it('group-commits concurrent appends and keeps them after a reopen', async () => {
    const core = await open();
    await core.registry.upsert('aq-1', { kind: 'air-quality', name: 'AQ 1', district: 'Karawaci' });
    await core.registry.upsert('sl-1', { kind: 'street-light', name: 'SL 1', district: 'Cibodas' });
    const base = t0 - 60_000;
    const writes = Array.from({ length: 500 }, (_, i) =>
      i % 2 === 0
        ? core.pipeline.acceptTelemetry('aq-1', payload({ ts: base + i, pm25: i / 10 }))
        : core.pipeline.acceptTelemetry('sl-1', payload({ ts: base + i, lampOn: i % 4 === 1, powerW: 80 })),
    );
    const outcomes = await Promise.all(writes);
    expect(outcomes.every((o) => o.stored === 1)).toBe(true);
    expect(core.telemetry.storedCount).toBe(500);
    // Group commit: far fewer commits than readings.
    expect(core.telemetry.commitCount).toBeLessThan(100);
    await core.close();
    ingest = undefined;

    const reopened = await open();
    expect(reopened.registry.get('aq-1')?.district).toBe('Karawaci');
    const latest = await reopened.telemetry.latestPerDevice();
    expect(latest.map((r) => r.deviceId).sort()).toEqual(['aq-1', 'sl-1']);
    expect(reopened.live.device('aq-1')?.latest?.fields.pm25).toBe(49.8);
    expect(reopened.live.device('aq-1')?.state).toBe('offline');
  });

  it('tracks online state from the status topic and cuts bounded frames', async () => {
    const core = await open();
    await core.registry.upsert('ap-1', { kind: 'wifi-ap', name: 'Taman Potret', district: 'Tangerang' });
    core.pipeline.acceptStatus('ap-1', Buffer.from('online'));
    await core.pipeline.acceptTelemetry('ap-1', payload({ clients: 12 }));
    const frame = core.live.tick(t0);
    expect(frame.readings.map((r) => r.fields.clients)).toEqual([12]);
    expect(frame.statuses).toEqual([expect.objectContaining({ deviceId: 'ap-1', state: 'online' })]);
    expect(frame.stats.devicesOnline).toBe(1);
    expect(core.live.tick(t0).readings).toEqual([]);
    core.pipeline.acceptStatus('ap-1', Buffer.from('offline'));
    expect(core.live.tick(t0).statuses).toEqual([expect.objectContaining({ deviceId: 'ap-1', state: 'offline' })]);
  });

  it('takes a kind defined at run time: its profile put, a device of it registered, its readings stored, after a reopen too', async () => {
    const core = await open();
    const noise = { labels: { id: 'Kebisingan', en: 'Noise' }, intervalS: 60, fields: { laeqDb: { type: 'number', unit: 'dB(A)', min: 30, max: 130, required: true } } };
    await core.kinds.put('noise-level', noise, 'test');
    await core.registry.upsert('nl-1', { kind: 'noise-level', name: 'Alun-alun', district: 'Tangerang' });
    expect(await core.pipeline.acceptTelemetry('nl-1', payload({ ts: t0 - 60_000, laeqDb: 62.5 }))).toMatchObject({ stored: 1, rejections: [] });
    const window = { deviceId: 'nl-1', kind: 'noise-level', field: 'laeqDb', fromMs: t0 - 3_600_000, toMs: t0, fn: 'mean', limit: 10 } as const;
    expect(await core.telemetry.history(window)).toEqual([{ t: t0 - 60_000, value: 62.5 }]);

    // A second version adds a field: the next message may carry it.
    await core.kinds.put('noise-level', { ...noise, fields: { ...noise.fields, peakDb: { type: 'number', unit: 'dB(A)', min: 30, max: 140 } } }, 'test');
    expect(await core.pipeline.acceptTelemetry('nl-1', payload({ ts: t0 - 30_000, laeqDb: 60, peakDb: 88 }))).toMatchObject({ stored: 1, rejections: [] });
    await core.close();
    ingest = undefined;

    const reopened = await open();
    expect(await reopened.telemetry.history({ ...window, field: 'peakDb' })).toEqual([{ t: t0 - 30_000, value: 88 }]);
    expect((await reopened.telemetry.history(window)).map((p) => p.value)).toEqual([62.5, 60]);
  });
});
