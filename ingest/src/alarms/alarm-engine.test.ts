import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { manualClock, type AlarmSeverity, type DeviceInput, type FieldValue, type ManualClock, type Reading } from '@kendali/contracts';
import { openCore, type Core } from '../assemble';
import { defaultIngestOptions } from '../ingest-options';

const minute = 60_000;
// 2026-11-23 is a Monday; 10:00 WIB = 03:00 UTC.
const t0 = Date.parse('2026-11-23T03:00:00Z');

let dataDir: string;
let ingest: Core;
let clock: ManualClock;

beforeEach(async () => {
  dataDir = await mkdtemp(join(tmpdir(), 'kendali-alarms-'));
  clock = manualClock(t0);
  ingest = await openCore({ ...defaultIngestOptions, dataDir, clock });
  ingest.alarms.stop(); // the tests drive time themselves
});

afterEach(async () => {
  await ingest.close();
  await rm(dataDir, { recursive: true, force: true });
});

const reading = (deviceId: string, kind: Reading['kind'], fields: Record<string, FieldValue>, ts: number, receivedAt = ts): Reading => ({
  deviceId,
  kind,
  district: 'Tangerang',
  ts,
  receivedAt,
  fields,
});

/** Severity of the open alarm of a type on a device, or null. */
const openSeverity = (deviceId: string, type: string): AlarmSeverity | null =>
  ingest.alarms.openAlarms().find((a) => a.deviceId === deviceId && a.type === type)?.severity ?? null;

interface Step {
  readonly fields: Record<string, FieldValue>;
  /** minutes after t0 */
  readonly at: number;
  readonly expect: AlarmSeverity | null;
  readonly aheadMs?: number;
}

const cases: { name: string; device: DeviceInput; type: string; steps: Step[] }[] = [
  {
    name: 'ISPU: Tidak Sehat raises minor, worse escalates, clears only below Sedang minus hysteresis',
    device: { kind: 'air-quality', name: 'AQ', district: 'Tangerang' },
    type: 'ispu',
    steps: [
      { fields: { pm25: 40 }, at: 0, expect: null }, // ISPU 81 Sedang
      { fields: { pm25: 60 }, at: 1, expect: 'minor' }, // 105 Tidak Sehat
      { fields: { pm25: 200 }, at: 2, expect: 'major' }, // 250 Sangat Tidak Sehat
      { fields: { pm25: 300 }, at: 3, expect: 'critical' }, // 340 Berbahaya
      { fields: { pm25: 54 }, at: 4, expect: 'minor' }, // 99: inside the 5-point hysteresis, stays open
      { fields: { pm25: 50 }, at: 5, expect: null }, // 94: cleared
    ],
  },
  {
    name: 'Siaga: 3 warning, 2 major, 1 critical, with 10 cm hysteresis',
    device: { kind: 'water-level', name: 'Pintu Air 10', district: 'Tangerang' },
    type: 'siaga',
    steps: [
      { fields: { waterLevelCm: 250 }, at: 0, expect: null },
      { fields: { waterLevelCm: 310 }, at: 1, expect: 'warning' },
      { fields: { waterLevelCm: 420 }, at: 2, expect: 'major' },
      { fields: { waterLevelCm: 510 }, at: 3, expect: 'critical' },
      { fields: { waterLevelCm: 495 }, at: 4, expect: 'critical' }, // within 10 cm of Siaga 1
      { fields: { waterLevelCm: 485 }, at: 5, expect: 'major' },
      { fields: { waterLevelCm: 295 }, at: 6, expect: 'warning' },
      { fields: { waterLevelCm: 289 }, at: 7, expect: null },
    ],
  },
  {
    name: 'threshold with minimum duration and hysteresis: Wi-Fi channel utilisation above 80 % for 10 min',
    device: { kind: 'wifi-ap', name: 'Taman Potret', district: 'Tangerang' },
    type: 'threshold',
    steps: [
      { fields: { clients: 10, channelUtilizationPct: 85 }, at: 0, expect: null }, // held for 0 min
      { fields: { clients: 10, channelUtilizationPct: 90 }, at: 5, expect: null },
      { fields: { clients: 10, channelUtilizationPct: 60 }, at: 6, expect: null }, // dropped: the clock restarts
      { fields: { clients: 10, channelUtilizationPct: 85 }, at: 7, expect: null },
      { fields: { clients: 10, channelUtilizationPct: 86 }, at: 17, expect: 'warning' },
      { fields: { clients: 10, channelUtilizationPct: 75 }, at: 18, expect: 'warning' }, // above 80 − 10
      { fields: { clients: 10, channelUtilizationPct: 69 }, at: 19, expect: null },
    ],
  },
  {
    name: 'stuck: identical readings for an hour',
    device: { kind: 'water-level', name: 'Kali Ledug', district: 'Tangerang' },
    type: 'stuck',
    steps: [
      { fields: { waterLevelCm: 180 }, at: 0, expect: null },
      { fields: { waterLevelCm: 180 }, at: 1, expect: null },
      { fields: { waterLevelCm: 180 }, at: 61, expect: 'minor' },
      { fields: { waterLevelCm: 181.5 }, at: 62, expect: null },
    ],
  },
  {
    name: 'clock skew: readings from the future',
    device: { kind: 'traffic', name: 'Simpang', district: 'Tangerang' },
    type: 'clock-skew',
    steps: [
      { fields: { vehicleCount: 10 }, at: 0, expect: null, aheadMs: 5_000 },
      { fields: { vehicleCount: 10 }, at: 1, expect: 'warning', aheadMs: 4 * minute },
      { fields: { vehicleCount: 10 }, at: 2, expect: null, aheadMs: 0 },
    ],
  },
  {
    name: 'street light on in daylight (10:00 WIB) for 15 min',
    device: { kind: 'street-light', name: 'PJU', district: 'Tangerang' },
    type: 'street-light-schedule',
    steps: [
      { fields: { lampOn: true }, at: 0, expect: null },
      { fields: { lampOn: true }, at: 16, expect: 'warning' },
      { fields: { lampOn: false }, at: 17, expect: null },
    ],
  },
  {
    name: 'traffic congestion for 10 min',
    device: { kind: 'traffic', name: 'Simpang Cikokol', district: 'Tangerang' },
    type: 'congestion',
    steps: [
      { fields: { vehicleCount: 300, congested: true }, at: 0, expect: null },
      { fields: { vehicleCount: 300, avgSpeedKmh: 6 }, at: 11, expect: 'warning' },
      { fields: { vehicleCount: 300, avgSpeedKmh: 25, congested: false }, at: 12, expect: null },
    ],
  },
];

describe('alarm rules raise and clear at the right readings', () => {
  it.each(cases)('$name', async ({ device, type, steps }) => {
    await ingest.registry.create('dev-1', device);
    for (const step of steps) {
      const at = t0 + step.at * minute;
      ingest.alarms.onReadings([reading('dev-1', device.kind, step.fields, at + (step.aheadMs ?? 0), at)], at);
      expect(openSeverity('dev-1', type), `at +${step.at} min with ${JSON.stringify(step.fields)}`).toBe(step.expect);
    }
  });

  it("takes a post's Siaga levels from the water gate named in its metadata", async () => {
    await ingest.registry.create('wl-ledug', { kind: 'water-level', name: 'Kali Ledug', district: 'Periuk', metadata: { gate: 'kali-ledug' } });
    const level = (cm: number, at: number) => ingest.alarms.onReadings([reading('wl-ledug', 'water-level', { waterLevelCm: cm }, at)], at);
    level(230, t0); // Kali Ledug: Siaga 3 from 220 cm (the Cisadane default would say normal)
    expect(openSeverity('wl-ledug', 'siaga')).toBe('warning');
    level(305, t0 + minute); // Siaga 1 from 300 cm
    expect(openSeverity('wl-ledug', 'siaga')).toBe('critical');
  });

  it('raises out-of-range from a rejected value and clears on the next valid reading', async () => {
    await ingest.registry.create('aq-2', { kind: 'air-quality', name: 'AQ 2', district: 'Benda' });
    await ingest.pipeline.acceptTelemetry('aq-2', Buffer.from('{"pm25": 5000}'));
    expect(openSeverity('aq-2', 'out-of-range')).toBe('minor');
    await ingest.pipeline.acceptTelemetry('aq-2', Buffer.from('{"pm25": 12}'));
    expect(openSeverity('aq-2', 'out-of-range')).toBeNull();
  });
});

describe('alarm lifecycle', () => {
  it('acknowledges, counts a re-raise instead of duplicating, shelves, and keeps an audit trail', async () => {
    await ingest.registry.create('wl-9', { kind: 'water-level', name: 'Bulakan', district: 'Periuk' });
    const level = (cm: number, at: number) => ingest.alarms.onReadings([reading('wl-9', 'water-level', { waterLevelCm: cm }, at)], at);
    level(320, t0);
    const raised = ingest.alarms.openAlarms()[0]!;
    expect(raised).toMatchObject({ state: 'active', severity: 'warning', raiseCount: 1 });
    clock.set(t0 + minute);
    const acked = await ingest.alarms.acknowledge(raised.id, 'operator budi', 'petugas dikirim');
    expect(acked).toMatchObject({ state: 'acknowledged', acknowledgedBy: 'operator budi', ackComment: 'petugas dikirim' });
    level(200, t0 + 2 * minute);
    expect(ingest.alarms.openAlarms()).toEqual([]);
    level(330, t0 + 3 * minute); // back within the hour: the same alarm reopens
    const reopened = ingest.alarms.openAlarms()[0]!;
    expect(reopened).toMatchObject({ id: raised.id, state: 'active', raiseCount: 2, acknowledgedAt: null });
    clock.set(t0 + 4 * minute);
    const shelved = await ingest.alarms.shelve(reopened.id, 'operator budi', 30 * minute, 'sensor maintenance');
    expect(shelved?.shelvedUntil).toBe(t0 + 34 * minute);
    expect(ingest.live.alarmCounts(t0 + 5 * minute).warning).toBe(0); // shelved alarms leave the counts
    ingest.alarms.tick(t0 + 35 * minute);
    expect(ingest.alarms.openAlarms()[0]?.shelvedUntil).toBeNull();
    const trail = await ingest.alarmHistory.events({ alarmId: raised.id, limit: 100 });
    expect(trail.map((e) => e.type)).toEqual(['raised', 'acknowledged', 'cleared', 're-raised', 'shelved', 'unshelved']);
  });

  it('groups a district going offline into one alarm instead of one per device', async () => {
    for (let i = 0; i < 20; i++) await ingest.registry.create(`sl-${i}`, { kind: 'street-light', name: `PJU ${i}`, district: 'Larangan' });
    for (let i = 0; i < 20; i++) ingest.live.setStatus(`sl-${i}`, 'online', t0);
    for (let i = 0; i < 20; i++) ingest.live.setStatus(`sl-${i}`, 'offline', t0 + 1000);
    ingest.alarms.tick(t0 + 10 * minute); // long past the 20 s individual settle time
    const open = ingest.alarms.openAlarms();
    expect(open.map((a) => a.type)).toEqual(['district-offline']);
    expect(open[0]).toMatchObject({ severity: 'critical', district: 'Larangan', value: 20 });
    for (let i = 0; i < 18; i++) ingest.live.setStatus(`sl-${i}`, 'online', t0 + 11 * minute);
    ingest.alarms.tick(t0 + 12 * minute);
    expect(ingest.alarms.openAlarms().map((a) => `${a.type}:${a.deviceId}`).sort()).toEqual(['offline:sl-18', 'offline:sl-19']);
  });

  it("clears a deleted device's open alarms, with the reason in their trail, and forgets what it had pending", async () => {
    await ingest.registry.create('wl-del', { kind: 'water-level', name: 'Pos Lama', district: 'Periuk' });
    await ingest.registry.create('wl-keep', { kind: 'water-level', name: 'Pos Tetap', district: 'Periuk' });
    ingest.alarms.onReadings([reading('wl-del', 'water-level', { waterLevelCm: 430 }, t0), reading('wl-keep', 'water-level', { waterLevelCm: 430 }, t0)], t0);
    const doomed = ingest.alarms.openAlarms().find((a) => a.deviceId === 'wl-del')!;
    ingest.live.setStatus('wl-del', 'online', t0);
    ingest.live.setStatus('wl-del', 'offline', t0 + 1000); // an offline alarm is now waiting for its settle time
    clock.set(t0 + minute);
    await ingest.registry.remove('wl-del');
    expect(ingest.alarms.openAlarms().map((a) => a.deviceId)).toEqual(['wl-keep']);
    ingest.alarms.tick(t0 + 10 * minute); // the pending offline condition is gone, not raised late
    expect(ingest.alarms.openAlarms().map((a) => a.deviceId)).toEqual(['wl-keep']);
    const trail = await ingest.alarmHistory.events({ alarmId: doomed.id, limit: 100 });
    expect(trail.at(-1)).toMatchObject({ type: 'cleared', comment: 'device deleted from the registry' });
  });

  it('keeps open alarms and their state across a restart', async () => {
    await ingest.registry.create('wl-r', { kind: 'water-level', name: 'Sarakan', district: 'Neglasari' });
    ingest.alarms.onReadings([reading('wl-r', 'water-level', { waterLevelCm: 430 }, t0)], t0);
    const alarm = ingest.alarms.openAlarms()[0]!;
    clock.set(t0 + minute);
    await ingest.alarms.acknowledge(alarm.id, 'operator sari', null);
    await ingest.close();
    ingest = await openCore({ ...defaultIngestOptions, dataDir, clock });
    ingest.alarms.stop();
    expect(ingest.alarms.openAlarms()).toEqual([expect.objectContaining({ id: alarm.id, state: 'acknowledged', severity: 'major', acknowledgedBy: 'operator sari' })]);
    expect(ingest.live.snapshotFrame().alarms.map((a) => a.id)).toEqual([alarm.id]);
    ingest.alarms.onReadings([reading('wl-r', 'water-level', { waterLevelCm: 150 }, t0 + 2 * minute)], t0 + 2 * minute);
    expect(ingest.alarms.openAlarms()).toEqual([]);
  });

  it('refuses an invalid rules document with the path of the problem, and versions valid ones', async () => {
    await expect(ingest.alarms.replaceRules({ rules: [{ id: 'x', type: 'threshold' }] }, 'eng')).rejects.toThrow(/rules\/0/);
    const next = await ingest.alarms.replaceRules({ rules: ingest.alarms.rules.rules.filter((r) => r.type !== 'stuck') }, 'engineer ani');
    expect(next.version).toBe(1);
    expect((await ingest.alarmHistory.ruleVersions())[0]).toMatchObject({ version: 1, by: 'engineer ani' });
  });
});
