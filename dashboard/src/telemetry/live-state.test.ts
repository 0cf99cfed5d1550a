import type { DeviceStatus, LiveFrame, LiveStats, Reading, StatusChange, TrendPoint } from '@kendali/contracts';
import { describe, expect, it } from 'vitest';
import { builtInKinds, compileProfile, KindSet, trendStepMs, trendWindowMs } from '@kendali/contracts';
import { applyDevices, applyFrame, emptyLiveState, restartSequence } from './live-state';

const t0 = Date.UTC(2025, 10, 22, 3, 0, 0); // 10:00 WIB

const stats = (over: Partial<LiveStats> = {}): LiveStats => ({
  devicesTotal: 3,
  devicesOnline: 2,
  readingsPerSecond: 10,
  messagesPerSecond: 12,
  rejectedTotal: 0,
  storedTotal: 100,
  alarms: { critical: 0, major: 0, minor: 0, warning: 0 },
  storage: { ok: true, detail: 'embedded store', backlogReadings: 0 },
  ...over,
});

const airReading = (deviceId: string, ts: number, pm25: number, district = 'Cipondoh'): Reading => ({
  deviceId,
  kind: 'air-quality',
  district,
  ts,
  receivedAt: ts + 50,
  fields: { pm25 },
});

const frame = (seq: number, at: number, over: Partial<LiveFrame> = {}): LiveFrame => ({
  seq,
  at,
  stats: stats(),
  readings: [],
  statuses: [],
  alarms: [],
  dropped: 0,
  ...over,
});

const device = (id: string, over: Partial<DeviceStatus> = {}): DeviceStatus => ({
  id,
  kind: 'air-quality',
  name: `Stasiun ${id}`,
  district: 'Cipondoh',
  lat: null,
  lon: null,
  enabled: true,
  installDate: null,
  metadata: {},
  createdAt: '2025-11-01T00:00:00.000Z',
  credentialSetAt: '2025-11-01T00:00:00.000Z',
  state: 'online',
  lastSeen: t0 - 1_000,
  latest: null,
  ...over,
});

describe('applyDevices', () => {
  it('takes in names, conditions and latest readings from the device list', () => {
    const state = applyDevices(emptyLiveState, [
      device('aq-1', { latest: airReading('aq-1', t0 - 1_000, 20) }),
      device('aq-2', { state: 'offline', lastSeen: null }),
    ]);
    expect(state.devices.get('aq-1')?.name).toBe('Stasiun aq-1');
    expect(state.latest.get('aq-1')?.fields['pm25']).toBe(20);
    expect(state.latest.has('aq-2')).toBe(false);
    expect(state.conditions.get('aq-2')).toEqual({ state: 'offline', lastSeen: null });
  });
});

describe('applyFrame', () => {
  it('keeps the latest reading of every device, the statuses and the stats', () => {
    let state = applyDevices(emptyLiveState, [device('aq-1'), device('aq-2')]);
    state = applyFrame(state, frame(1, t0, { readings: [airReading('aq-1', t0 - 500, 20)] }), t0);
    const change: StatusChange = { deviceId: 'aq-2', state: 'offline', lastSeen: t0 - 90_000 };
    const newStats = stats({ devicesOnline: 1, messagesPerSecond: 40 });
    state = applyFrame(
      state,
      frame(2, t0 + 250, { readings: [airReading('aq-1', t0, 30)], statuses: [change], stats: newStats }),
      t0 + 250,
    );
    expect(state.latest.get('aq-1')?.fields['pm25']).toBe(30);
    expect(state.conditions.get('aq-2')).toEqual({ state: 'offline', lastSeen: t0 - 90_000 });
    expect(state.stats).toEqual(newStats);
    expect(state.lastSeq).toBe(2);
    expect(state.lastFrameAt).toBe(t0 + 250);
  });

  it('ignores a frame whose sequence number is not above the last one', () => {
    const first = applyFrame(emptyLiveState, frame(5, t0, { readings: [airReading('aq-1', t0, 30)] }), t0);
    const late = frame(4, t0 + 250, { readings: [airReading('aq-1', t0 + 100, 99)], stats: stats({ devicesOnline: 0 }) });
    expect(applyFrame(first, late, t0 + 250)).toBe(first);
    expect(applyFrame(first, frame(5, t0 + 500), t0 + 500)).toBe(first);
  });

  it('never replaces a reading with an older one of the same device', () => {
    let state = applyFrame(emptyLiveState, frame(1, t0, { readings: [airReading('aq-1', t0, 30)] }), t0);
    state = applyFrame(state, frame(2, t0 + 250, { readings: [airReading('aq-1', t0 - 60_000, 5)] }), t0 + 250);
    expect(state.latest.get('aq-1')?.fields['pm25']).toBe(30);
  });

  it('places devices it has not seen in the device list by their reading', () => {
    const state = applyFrame(emptyLiveState, frame(1, t0, { readings: [airReading('aq-9', t0, 12, 'Benda')] }), t0);
    expect(state.devices.get('aq-9')).toMatchObject({ kind: 'air-quality', district: 'Benda' });
  });

  it('learns the server clock offset from the frame time', () => {
    const state = applyFrame(emptyLiveState, frame(1, t0), t0 - 120_000);
    expect(state.clockOffsetMs).toBe(120_000);
  });

  it('accepts any sequence number again after a reconnect', () => {
    const before = applyFrame(emptyLiveState, frame(900, t0), t0);
    const after = applyFrame(restartSequence(before), frame(1, t0 + 1_000, { stats: stats({ storedTotal: 7 }) }), t0 + 1_000);
    expect(after.lastSeq).toBe(1);
    expect(after.stats?.storedTotal).toBe(7);
  });
});

describe('trend', () => {
  it('keeps one point per time bucket with the citywide mean of current PM2.5', () => {
    let state = applyFrame(
      emptyLiveState,
      frame(1, t0, { readings: [airReading('aq-1', t0, 20), airReading('aq-2', t0, 40)] }),
      t0,
    );
    state = applyFrame(state, frame(2, t0 + 250, { stats: stats({ messagesPerSecond: 50 }) }), t0 + 250);
    expect(state.trend).toHaveLength(1);
    expect(state.trend[0]).toMatchObject({ at: t0, pm25MeanUgm3: 30, messagesPerSecond: 50 });

    state = applyFrame(state, frame(3, t0 + trendStepMs), t0 + trendStepMs);
    expect(state.trend.map((p) => p.at)).toEqual([t0, t0 + trendStepMs]);
  });

  it('leaves stale PM2.5 out of the citywide mean', () => {
    const old = t0 - 10 * 60_000;
    const state = applyFrame(
      emptyLiveState,
      frame(1, t0, { readings: [airReading('aq-1', t0, 20), airReading('aq-2', old, 400)] }),
      t0,
    );
    expect(state.trend[0]?.pm25MeanUgm3).toBe(20);
  });

  it('drops points older than the window', () => {
    let state = emptyLiveState;
    const frames = trendWindowMs / trendStepMs + 10;
    for (let i = 0; i < frames; i += 1) {
      state = applyFrame(state, frame(i + 1, t0 + i * trendStepMs), t0 + i * trendStepMs);
    }
    const last = state.trend.at(-1);
    expect(last?.at).toBe(t0 + (frames - 1) * trendStepMs);
    expect(state.trend[0]?.at).toBe((last?.at ?? 0) - trendWindowMs);
    expect(state.trend.length).toBe(trendWindowMs / trendStepMs + 1);
  });

  describe('from a snapshot that carries the server’s trend', () => {
    const serverPoint = (at: number, pm25MeanUgm3: number): TrendPoint => ({
      at,
      pm25MeanUgm3,
      ispuIndex: null,
      waterHighestCm: null,
      vehiclesPerMinute: null,
      speedMeanKmh: null,
      wifiClients: null,
      readingsPerSecond: 10,
      messagesPerSecond: 12,
    });
    const now = t0 + trendWindowMs;
    const serverTrend = Array.from({ length: trendWindowMs / trendStepMs }, (_, i) => serverPoint(t0 + i * trendStepMs, 25));

    it('fills the charts with 10 minutes at once on a fresh page, then extends them per frame', () => {
      let state = applyFrame(emptyLiveState, frame(40, now, { readings: [airReading('aq-1', now, 30)], trend: serverTrend }), now);
      expect(state.trend).toHaveLength(trendWindowMs / trendStepMs + 1);
      expect(state.trend[0]).toMatchObject({ at: t0, pm25MeanUgm3: 25 });
      expect(state.trend.at(-1)).toMatchObject({ at: now, pm25MeanUgm3: 30 });

      state = applyFrame(state, frame(41, now + trendStepMs), now + trendStepMs);
      expect(state.trend.at(-1)?.at).toBe(now + trendStepMs);
      expect(state.trend[0]?.at).toBe(t0 + trendStepMs);
    });

    it('keeps the client’s newer points when it reconnects to a restarted server with a short trend', () => {
      let state = emptyLiveState;
      for (let i = 0; i <= 20; i += 1) state = applyFrame(state, frame(i + 1, t0 + i * trendStepMs, { readings: [airReading('aq-1', t0 + i * trendStepMs, 20)] }), t0 + i * trendStepMs);
      const before = state.trend;

      // The new server began two buckets ago and its trend holds just those.
      const restartedAt = t0 + 19 * trendStepMs;
      const snapshot = frame(1, t0 + 20 * trendStepMs + 1_000, {
        readings: [airReading('aq-1', t0 + 20 * trendStepMs + 1_000, 22)],
        trend: [serverPoint(restartedAt, 21), serverPoint(t0 + 20 * trendStepMs, 21)],
      });
      state = applyFrame(restartSequence(state), snapshot, snapshot.at);
      expect(state.trend.map((p) => p.at)).toEqual(before.map((p) => p.at));
      expect(state.trend.slice(0, 19)).toEqual(before.slice(0, 19));
      expect(state.trend.at(-2)).toMatchObject({ pm25MeanUgm3: 21 });
      expect(state.trend.at(-1)).toMatchObject({ pm25MeanUgm3: 22 });

      // An empty trend (the server only just started) takes nothing away either.
      const empty = applyFrame(restartSequence(state), frame(2, snapshot.at + 250, { trend: [] }), snapshot.at + 250);
      expect(empty.trend.map((p) => p.at)).toEqual(before.map((p) => p.at));
    });
  });
});

describe('kinds that exist only as data', () => {
  const riverGauge = compileProfile('river-gauge', { labels: { id: 'Pos duga sungai', en: 'River gauge' }, intervalS: 60, fields: { stageCm: { type: 'number', quantity: 'water-level-cm', required: true } } }, 1);
  const kinds = new KindSet([...builtInKinds.all(), riverGauge]);

  it("give a river gauge its Siaga levels and count it in the city's figures", () => {
    let state = applyDevices(emptyLiveState, [device('rg-1', { kind: 'river-gauge', metadata: { siaga3Cm: 100, siaga2Cm: 200, siaga1Cm: 300 } })], kinds);
    expect(state.devices.get('rg-1')?.siaga).toEqual({ siaga3Cm: 100, siaga2Cm: 200, siaga1Cm: 300 });
    const level: Reading = { deviceId: 'rg-1', kind: 'river-gauge', district: 'Cipondoh', ts: t0, receivedAt: t0, fields: { stageCm: 250 } };
    state = applyFrame(state, frame(1, t0, { readings: [level] }), t0, kinds);
    expect(state.city?.highestPost).toMatchObject({ deviceId: 'rg-1', siaga: 2, levelCm: 250 });
    // Without its profile the reading is no water level.
    expect(applyFrame(emptyLiveState, frame(1, t0, { readings: [level] }), t0).city?.highestPost).toBeNull();
  });
});
