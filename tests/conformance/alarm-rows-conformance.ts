import { describe, expect, it } from 'vitest';
import type { Alarm, AlarmEvent, AlarmRulesDocument } from '@kendali/contracts';
import type { AlarmRows } from '@kendali/ingest';
import { nodesOnNewPlaces } from './store-nodes';

/** Where alarm rows live: a DuckDB file, or a PostgreSQL database. */
export interface AlarmPlace {
  /** Opens the rows there as a node starting; what an earlier node wrote is there. */
  open(): Promise<{ readonly rows: AlarmRows; close(): Promise<void> }>;
  remove(): Promise<void>;
}

const t0 = Date.parse('2026-03-10T02:00:00Z');

const raised = (id: string, overrides: Partial<Alarm> = {}): Alarm => ({
  id,
  key: `siaga:${id}`,
  ruleId: 'siaga-cisadane',
  type: 'threshold',
  severity: 'major',
  state: 'active',
  deviceId: `water-${id}`,
  district: 'karawaci',
  title: { id: 'Siaga 2 Cisadane', en: 'Cisadane alert level 2' },
  detail: { id: 'Tinggi air 410 cm', en: 'Water level 410 cm' },
  value: 410.5,
  threshold: 400,
  raisedAt: t0,
  updatedAt: t0,
  acknowledgedAt: null,
  acknowledgedBy: null,
  ackComment: null,
  clearedAt: null,
  raiseCount: 1,
  shelvedUntil: null,
  shelvedBy: null,
  shelveReason: null,
  ...overrides,
});

const eventOf = (alarm: Alarm, type: AlarmEvent['type'], by = 'kendali', comment: string | null = null): AlarmEvent => ({
  alarmId: alarm.id,
  type,
  at: alarm.updatedAt,
  by,
  comment,
  severity: alarm.severity,
});

const acknowledged = (alarm: Alarm, at: number, by: string): Alarm => ({ ...alarm, state: 'acknowledged', acknowledgedAt: at, acknowledgedBy: by, ackComment: 'petugas dikirim', updatedAt: at });
const cleared = (alarm: Alarm, at: number): Alarm => ({ ...alarm, state: 'cleared', clearedAt: at, updatedAt: at });

const rules = (version: number): AlarmRulesDocument => ({
  version,
  rules: [{ id: 'clock-skew', name: 'Device clock ahead', type: 'clock-skew', enabled: true, scope: {}, minDurationMs: 0, severity: 'warning', maxSkewMs: 60_000 * version }],
});

/**
 * The contract of the alarm rows, whatever holds them: alarms with their audit trail, writes
 * conditional on the revision a change was made from, rule versions, and all of it after a restart.
 */
export function alarmRowsConformance(name: string, newPlace: () => Promise<AlarmPlace>): void {
  describe(`alarm rows: ${name}`, () => {
    const nodes = nodesOnNewPlaces(newPlace);
    const open = async () => (await nodes.open()).rows;
    /** Closes every node open, then opens one: a restart. */
    const restart = async () => (await nodes.restart()).rows;

    it('keeps alarms with their trail, lists the open ones and filters the history', async () => {
      const rows = await open();
      const a = raised('a');
      const b = raised('b', { severity: 'minor', district: 'ciledug', raisedAt: t0 + 1_000, updatedAt: t0 + 1_000, value: null, threshold: null });
      expect(await rows.record(a, eventOf(a, 'raised'))).toMatchObject({ written: true });
      expect(await rows.record(b, eventOf(b, 'raised'))).toMatchObject({ written: true });
      const bCleared = cleared(b, t0 + 5_000);
      expect(await rows.record(bCleared, eventOf(bCleared, 'cleared'), b)).toMatchObject({ written: true });

      expect(await rows.openAlarms()).toEqual([a]);
      expect(await rows.get('b')).toEqual(bCleared);
      expect(await rows.get('nobody')).toBeUndefined();
      expect((await rows.query({ limit: 10 })).map((alarm) => alarm.id)).toEqual(['b', 'a']); // newest change first
      expect((await rows.query({ states: ['active', 'acknowledged'], limit: 10 })).map((alarm) => alarm.id)).toEqual(['a']);
      expect((await rows.query({ severity: 'minor', limit: 10 })).map((alarm) => alarm.id)).toEqual(['b']);
      expect((await rows.query({ district: 'karawaci', limit: 10 })).map((alarm) => alarm.id)).toEqual(['a']);
      expect((await rows.query({ deviceId: 'water-b', limit: 10 })).map((alarm) => alarm.id)).toEqual(['b']);
      expect((await rows.query({ sinceMs: t0 + 1, limit: 10 })).map((alarm) => alarm.id)).toEqual(['b']);
      expect(await rows.query({ limit: 1 })).toHaveLength(1);

      expect((await rows.events({ alarmId: 'b', limit: 10 })).map((event) => event.type)).toEqual(['raised', 'cleared']);
      expect(await rows.events({ fromMs: t0 + 1_000, toMs: t0 + 5_000, limit: 10 })).toEqual([eventOf(b, 'raised')]);
      expect(await rows.events({ limit: 2 })).toHaveLength(2);
    });

    it('writes a change only over the revision it was made from, and says what won otherwise', async () => {
      const rows = await open();
      const a = raised('a');
      await rows.record(a, eventOf(a, 'raised'));
      // An operator acknowledges; a clear made from the alarm before that acknowledgement comes second.
      const ack = acknowledged(a, t0 + 2_000, 'siti');
      expect(await rows.record(ack, eventOf(ack, 'acknowledged', 'siti', 'petugas dikirim'), a)).toMatchObject({ written: true });
      const staleClear = cleared(a, t0 + 3_000);
      expect(await rows.record(staleClear, eventOf(staleClear, 'cleared'), a)).toEqual({ written: false, current: ack });
      // Made again from what won, it goes through, and the acknowledgement stays in the alarm.
      const clear = cleared(ack, t0 + 3_000);
      expect(await rows.record(clear, eventOf(clear, 'cleared'), ack)).toMatchObject({ written: true });
      expect(await rows.get('a')).toEqual(clear);
      // A fresher latest value is not a new revision: it does not stand in the way.
      expect(await rows.record(clear, eventOf(clear, 'cleared'), { ...ack, value: 999 })).toEqual({ written: false, current: clear });
      expect(await rows.record(raised('x'), eventOf(raised('x'), 'acknowledged'), raised('x'))).toEqual({ written: false, current: undefined });
      expect((await rows.events({ alarmId: 'a', limit: 10 })).map((event) => `${event.type} by ${event.by}`)).toEqual(['raised by kendali', 'acknowledged by siti', 'cleared by kendali']);
      expect(await rows.get('x')).toBeUndefined();
    });

    it('stores every rule version once, the newest in force, and all of it after a restart', async () => {
      const rows = await open();
      expect(await rows.latestRules()).toBeUndefined();
      expect(await rows.saveRules(rules(1), 'budi', t0)).toBe(true);
      expect(await rows.saveRules(rules(1), 'wati', t0 + 1)).toBe(false); // that version is taken
      expect(await rows.saveRules(rules(2), 'wati', t0 + 2)).toBe(true);
      const a = raised('a');
      await rows.record(a, eventOf(a, 'raised'));

      const again = await restart();
      expect(await again.latestRules()).toEqual({ ...rules(2), at: t0 + 2, by: 'wati' });
      expect(await again.ruleVersions()).toEqual([
        { version: 2, at: t0 + 2, by: 'wati' },
        { version: 1, at: t0, by: 'budi' },
      ]);
      expect(await again.openAlarms()).toEqual([a]);
      expect(await again.events({ alarmId: 'a', limit: 10 })).toEqual([eventOf(a, 'raised')]);
    });
  });
}
