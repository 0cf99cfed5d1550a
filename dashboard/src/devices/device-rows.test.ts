import type { DeviceStatus, Reading } from '@kendali/contracts';
import { builtInKinds } from '@kendali/contracts';
import { describe, expect, it } from 'vitest';
import type { DeviceCondition } from '../telemetry/live-state';
import { fieldSpec, liveDeviceRow, primaryField, readingDigits } from './device-rows';

const t0 = Date.UTC(2025, 10, 22, 3, 0, 0);

const reading = (ts: number, waterLevelCm: number): Reading => ({
  deviceId: 'wl-1',
  kind: 'water-level',
  district: 'Periuk',
  ts,
  receivedAt: ts + 40,
  fields: { waterLevelCm },
});

const device = (over: Partial<DeviceStatus> = {}): DeviceStatus => ({
  id: 'wl-1',
  kind: 'water-level',
  name: 'Pintu Air 10',
  district: 'Periuk',
  lat: null,
  lon: null,
  enabled: true,
  installDate: null,
  metadata: {},
  createdAt: '2025-11-01T00:00:00.000Z',
  credentialSetAt: '2025-11-01T00:00:00.000Z',
  state: 'unknown',
  lastSeen: null,
  latest: null,
  ...over,
});

const live = (latest: Reading[] = [], conditions: [string, DeviceCondition][] = []) => ({
  latest: new Map(latest.map((r) => [r.deviceId, r])),
  conditions: new Map(conditions),
});

describe('liveDeviceRow', () => {
  it('shows a reading and state that arrived live after the list was loaded', () => {
    const row = liveDeviceRow(device(), live([reading(t0, 212.5)], [['wl-1', { state: 'online', lastSeen: t0 - 1_000 }]]));
    expect(row.latest?.fields['waterLevelCm']).toBe(212.5);
    expect(row.state).toBe('online');
    expect(row.lastSeen).toBe(t0 + 40);
  });

  it('keeps the list’s newer reading over an older live one', () => {
    const row = liveDeviceRow(device({ latest: reading(t0, 300), lastSeen: t0 }), live([reading(t0 - 60_000, 100)]));
    expect(row.latest?.fields['waterLevelCm']).toBe(300);
  });

  it('keeps the list’s condition while the stream has none, or only an older one', () => {
    expect(liveDeviceRow(device({ state: 'offline', lastSeen: t0 }), live()).state).toBe('offline');
    const older = live([], [['wl-1', { state: 'online', lastSeen: t0 - 90_000 }]]);
    expect(liveDeviceRow(device({ state: 'offline', lastSeen: t0 }), older).state).toBe('offline');
  });
});

describe('field helpers', () => {
  it('names the primary field of a kind', () => {
    expect(primaryField(builtInKinds.spec('water-level'))).toBe('waterLevelCm');
    expect(primaryField(builtInKinds.spec('street-light'))).toBe('lampOn');
  });

  it("takes a kind's headline from its profile, and a reading's first field where the kind is unknown", () => {
    const airQuality = builtInKinds.spec('air-quality');
    expect(primaryField(airQuality)).toBe(airQuality?.headline);
    expect(primaryField(undefined, reading(t0, 180))).toBe('waterLevelCm');
    expect(primaryField(undefined, null)).toBe('');
  });

  it('shows as many decimals as the value has, up to two, none for integer fields', () => {
    expect(readingDigits(fieldSpec(builtInKinds.spec('water-level'), 'waterLevelCm'), 212.5)).toBe(1);
    expect(readingDigits(fieldSpec(builtInKinds.spec('water-level'), 'batteryV'), 12.625)).toBe(2);
    expect(readingDigits(fieldSpec(builtInKinds.spec('traffic'), 'vehicleCount'), 142)).toBe(0);
    expect(readingDigits(fieldSpec(builtInKinds.spec('traffic'), 'congested'), true)).toBe(0);
  });
});
