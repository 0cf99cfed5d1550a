import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { manualClock, type Alarm, type AlarmEvent, type DeviceInput, type Reading } from '@kendali/contracts';
import { defaultIngestOptions, openCore, PostgresAlarmRows, SharedDatabase, type Core } from '@kendali/ingest';
import { postgresForSuite, serverSuite, waitFor } from '@kendali/test-support';
import { alarmRowsConformance } from './alarm-rows-conformance';

const suite = serverSuite('postgresql');

// 2026-11-23 10:00 WIB.
const t0 = Date.parse('2026-11-23T03:00:00Z');
const river: DeviceInput = { kind: 'water-level', name: 'Pos Sarakan', district: 'Neglasari' };
const level = (deviceId: string, waterLevelCm: number, ts: number): Reading => ({ deviceId, kind: 'water-level', district: 'Neglasari', ts, receivedAt: ts, fields: { waterLevelCm } });

/** One api node: its own data folder (registry and readings), alarms in the shared database, and every change it announced. */
interface Node {
  readonly core: Core;
  readonly changes: { alarm: Alarm; event: AlarmEvent }[];
  close(): Promise<void>;
}

describe.skipIf(!suite.available)(suite.title('PostgreSQL'), () => {
  const postgres = postgresForSuite({ beforeAll, afterAll });
  const newDatabase = () => postgres.newDatabase('alarms');

  alarmRowsConformance('PostgreSQL', async () => {
    const { url } = await newDatabase();
    return {
      open: async () => {
        const database = await SharedDatabase.open({ url });
        return { rows: new PostgresAlarmRows(database, 'node-a'), close: () => database.close() };
      },
      remove: async () => undefined,
    };
  });

  describe('several api nodes on one database', () => {
    const clock = manualClock(t0);
    let database: { name: string; url: string };
    let a: Node;
    let b: Node;

    const openNode = async (): Promise<Node> => {
      const dataDir = await mkdtemp(join(tmpdir(), 'kendali-alarm-node-'));
      const core = await openCore({ ...defaultIngestOptions, dataDir, clock, databaseUrl: database.url, alarmLeadershipRetryMs: 200 });
      core.alarms.stop(); // the test drives time itself
      const changes: Node['changes'] = [];
      core.alarms.on('change', (alarm, event) => changes.push({ alarm, event }));
      let closed = false;
      return {
        core,
        changes,
        close: async () => {
          if (closed) return;
          closed = true;
          await core.close();
          await rm(dataDir, { recursive: true, force: true });
        },
      };
    };
    // Each node has its own registry here: the device is registered on both, as the same device.
    /** Registered on a; the registry is shared, so b knows the device once its cache has followed. */
    const register = async (id: string) => {
      await a.core.registry.create(id, river);
      await waitFor(() => (b.core.registry.get(id) === undefined ? undefined : true), `b to know ${id}`);
    };
    const trail = async (alarmId: string) => (await postgres.query(database.name, `SELECT type, actor FROM alarm_events WHERE alarm_id = '${alarmId}' ORDER BY seq`)).map((row) => `${String(row.type)} by ${String(row.actor)}`);
    const openOn = (node: Node, deviceId: string) => node.core.alarms.openAlarms().find((alarm) => alarm.deviceId === deviceId);

    beforeAll(async () => {
      database = await newDatabase();
      a = await openNode();
      b = await openNode();
    });

    afterAll(async () => {
      await a?.close();
      await b?.close();
    });

    it('has one leader: fed the same readings, the nodes raise one alarm that both show and announce once', async () => {
      expect([a.core.alarms.leader, b.core.alarms.leader]).toEqual([true, false]);
      await register('wl-sarakan');
      for (const node of [a, b]) node.core.alarms.onReadings([level('wl-sarakan', 430, t0)], t0);
      const onB = await waitFor(() => openOn(b, 'wl-sarakan'), 'the follower to show the alarm');
      expect(openOn(a, 'wl-sarakan')).toEqual(onB);
      expect(onB).toMatchObject({ state: 'active', severity: 'major', raiseCount: 1 });
      await waitFor(() => (a.changes.length === 1 ? true : undefined), 'the leader to announce the raise');
      for (const node of [a, b]) expect(node.changes.map(({ event }) => event.type)).toEqual(['raised']);
      expect(await postgres.query(database.name, `SELECT count(*)::int AS n FROM alarms WHERE device_id = 'wl-sarakan'`)).toEqual([{ n: 1 }]);
      expect(await trail(onB.id)).toEqual(['raised by kendali']);
    });

    it('takes an acknowledgement on the follower: the leader shows it, and the history has it once', async () => {
      const alarm = openOn(b, 'wl-sarakan')!;
      clock.advance(60_000);
      const acknowledged = await b.core.alarms.acknowledge(alarm.id, 'siti', 'petugas dikirim');
      expect(acknowledged).toMatchObject({ state: 'acknowledged', acknowledgedBy: 'siti', ackComment: 'petugas dikirim' });
      expect(await waitFor(() => (openOn(a, 'wl-sarakan')?.state === 'acknowledged' ? openOn(a, 'wl-sarakan') : undefined), 'the leader to show the acknowledgement')).toEqual(acknowledged);
      expect(await trail(alarm.id)).toEqual(['raised by kendali', 'acknowledged by siti']);
      expect(await a.core.alarmHistory.events({ alarmId: alarm.id, limit: 10 })).toEqual(await b.core.alarmHistory.events({ alarmId: alarm.id, limit: 10 }));
    });

    it('resolves a shelve on the follower racing a clear on the leader: one clear, the shelve kept or refused, never lost', async () => {
      const alarm = openOn(a, 'wl-sarakan')!;
      clock.advance(60_000);
      const [shelved] = await Promise.all([
        b.core.alarms.shelve(alarm.id, 'siti', 3_600_000, 'pompa diperbaiki'),
        Promise.resolve(a.core.alarms.onReadings([level('wl-sarakan', 150, clock.now())], clock.now())),
      ]);
      await waitFor(() => (openOn(b, 'wl-sarakan') === undefined && openOn(a, 'wl-sarakan') === undefined ? true : undefined), 'both nodes to see the alarm cleared');
      const stored = await a.core.alarmHistory.get(alarm.id);
      expect(stored).toMatchObject({ state: 'cleared', acknowledgedBy: 'siti' });
      const types = (await trail(alarm.id)).map((line) => line.split(' by ')[0]);
      expect(types.filter((type) => type === 'cleared')).toHaveLength(1);
      // Either the shelve came first and the clear was made again over it, or the clear came first and the shelve was refused.
      if (shelved === undefined) expect(types).toEqual(['raised', 'acknowledged', 'cleared']);
      else expect(types).toEqual(['raised', 'acknowledged', 'shelved', 'cleared']);
      expect(stored?.shelveReason).toBe(shelved === undefined ? null : 'pompa diperbaiki');
    });

    it('follows rules saved on either node', async () => {
      const saved = await b.core.alarms.replaceRules({ version: 0, rules: a.core.alarms.rules.rules.filter((rule) => rule.id !== 'clock-skew') }, 'budi');
      await waitFor(() => (a.core.alarms.rules.version === saved.version ? true : undefined), 'the leader to follow the new rules');
      expect(a.core.alarms.rules).toEqual(saved);
      expect((await a.core.alarmHistory.ruleVersions()).map((version) => version.by)).toEqual(['budi']);
    });

    it('hands over when the leader stops: the other takes the lead and raises and clears from what is stored', async () => {
      await register('wl-cisadane');
      a.core.alarms.onReadings([level('wl-cisadane', 430, clock.now())], clock.now());
      const raisedByA = await waitFor(() => openOn(b, 'wl-cisadane'), 'the follower to show the alarm the leader raised');
      const leading = new Promise<boolean>((resolve) => b.core.alarms.once('leadership', resolve));
      await a.close();
      expect(await leading).toBe(true);
      expect(b.core.alarms.leader).toBe(true);
      clock.advance(60_000);
      b.core.alarms.onReadings([level('wl-cisadane', 150, clock.now()), level('wl-sarakan', 440, clock.now())], clock.now());
      await waitFor(() => (openOn(b, 'wl-cisadane') === undefined && openOn(b, 'wl-sarakan') ? true : undefined), 'the new leader to clear one and raise the other');
      // The open list changes in memory first; the clear's trail entry lands in PostgreSQL just after.
      const trailed = await waitFor(async () => {
        const lines = await trail(raisedByA.id);
        return lines.length >= 2 ? lines : undefined;
      }, 'the clear in the stored trail');
      expect(trailed).toEqual(['raised by kendali', 'cleared by kendali']);
      expect((await b.core.alarmHistory.query({ states: ['active', 'acknowledged'], limit: 10 })).map((alarm) => alarm.deviceId)).toEqual(['wl-sarakan']);
    });

    it('steps down at once when the server ends its leading connection, and one node leads again', async () => {
      const c = await openNode();
      try {
        expect(c.core.alarms.leader).toBe(false);
        const steppedDown = new Promise<boolean>((resolve) => b.core.alarms.once('leadership', resolve));
        // The session holding the leadership lock ("lead" as a number, one bigint key: objid is its low 32 bits).
        const ended = await postgres.query(database.name, `SELECT pg_terminate_backend(pid) AS ended FROM pg_locks WHERE locktype = 'advisory' AND objid = ${0x6c656164} AND granted`);
        expect(ended).toEqual([{ ended: true }]);
        expect(await steppedDown).toBe(false);
        // Whichever tries first takes the lead, b with a new connection or c: one of them, never both.
        const leaders = () => [b, c].filter((node) => node.core.alarms.leader).length;
        await waitFor(() => (leaders() > 0 ? true : undefined), 'a node to lead again');
        expect(leaders()).toBe(1);
      } finally {
        await c.close();
      }
    });
  });
});
