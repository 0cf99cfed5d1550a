import type { Alarm, Reading } from '@kendali/contracts';
import { builtInKinds, requireKind, staleAfterMs } from '@kendali/contracts';
import { describe, expect, it } from 'vitest';
import { deviceState, worstAlarmByDevice } from './device-state';

const waterLevel = requireKind(builtInKinds, 'water-level');
const now = 1_700_000_000_000;
const reading = (ts: number): Reading => ({ deviceId: 'wl-1', kind: 'water-level', district: 'Periuk', ts, receivedAt: ts, fields: { waterLevelCm: 200 } });
const alarm = (id: string, over: Partial<Alarm>): Alarm => ({
  id, key: id, ruleId: 'r', type: 'siaga', severity: 'minor', state: 'active', deviceId: 'wl-1', district: 'Periuk',
  title: { id: 'judul', en: 'title' }, detail: { id: '', en: '' }, value: null, threshold: null, raisedAt: now, updatedAt: now,
  acknowledgedAt: null, acknowledgedBy: null, ackComment: null, clearedAt: null, raiseCount: 1, shelvedUntil: null, shelvedBy: null, shelveReason: null, ...over,
});

describe('device markers', () => {
  it('say alarm, then offline, then stale, then online, else unknown', () => {
    const fresh = reading(now - 1_000);
    const old = reading(now - staleAfterMs(waterLevel) - 1);
    expect(deviceState(waterLevel, { state: 'offline', lastSeen: now }, fresh, 'major', now)).toBe('major');
    expect(deviceState(waterLevel, { state: 'offline', lastSeen: now }, fresh, undefined, now)).toBe('offline');
    expect(deviceState(waterLevel, { state: 'online', lastSeen: now }, old, undefined, now)).toBe('stale');
    expect(deviceState(waterLevel, { state: 'online', lastSeen: now }, fresh, undefined, now)).toBe('online');
    expect(deviceState(waterLevel, undefined, undefined, undefined, now)).toBe('unknown');
  });

  it("take each device's worst open alarm, leaving shelved ones and alarms of no device out", () => {
    const worst = worstAlarmByDevice(
      [
        alarm('a', { severity: 'minor' }),
        alarm('b', { severity: 'major' }),
        alarm('c', { severity: 'critical', shelvedUntil: now + 1 }),
        alarm('d', { deviceId: 'wl-2', severity: 'warning' }),
        alarm('e', { deviceId: null, severity: 'critical' }),
      ],
      now,
    );
    expect(Object.fromEntries(worst)).toEqual({ 'wl-1': 'major', 'wl-2': 'warning' });
  });
});
