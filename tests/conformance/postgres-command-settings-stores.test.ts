import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { manualClock, type CommandMessage, type SettingsMessage } from '@kendali/contracts';
import { defaultIngestOptions, openCore, PostgresCommandStore, PostgresSettingsStore, SharedDatabase, type CommandOrder, type Core } from '@kendali/ingest';
import { makeTempDir, postgresForSuite, serverSuite, waitFor } from '@kendali/test-support';
import { commandStoreConformance } from './command-store-conformance';
import { settingsStoreConformance } from './settings-store-conformance';

const suite = serverSuite('postgresql');

/** Opens a store on a database of its own (`newDatabase`); a restart connects to it again. */
const inPostgres =
  <S>(newDatabase: () => Promise<{ readonly url: string }>, open: (database: SharedDatabase) => S) =>
  async () => {
    const { url } = await newDatabase();
    return {
      open: async () => {
        const database = await SharedDatabase.open({ url, maxConnections: 4 });
        return { stores: open(database), close: () => database.close() };
      },
      remove: async () => undefined,
    };
  };

// 2026-03-10 10:00 WIB.
const t0 = Date.parse('2026-03-10T03:00:00Z');
const driftAfterMs = 60_000; // 1 minute
const order = (level: number, ttlS = 60): CommandOrder => ({ name: 'set-dimming', params: { level }, ttlS, createdBy: 'budi (operator)' });
const answer = (value: unknown) => Buffer.from(JSON.stringify(value));

/** One api node: its own data folder, commands and settings in the shared database, and what it published. */
interface Node {
  readonly core: Core;
  readonly commandsSent: CommandMessage[];
  readonly settingsSent: SettingsMessage[];
  close(): Promise<void>;
}

describe.skipIf(!suite.available)(suite.title('PostgreSQL'), () => {
  const postgres = postgresForSuite({ beforeAll, afterAll });
  const newDatabase = () => postgres.newDatabase('commands');

  commandStoreConformance('PostgreSQL', inPostgres(newDatabase, (database) => new PostgresCommandStore(database)));
  settingsStoreConformance('PostgreSQL', inPostgres(newDatabase, (database) => new PostgresSettingsStore(database)));

  describe('two api nodes on one database', () => {
    const clock = manualClock(t0);
    let url: string;
    let a: Node;
    let b: Node;

    const openNode = async (): Promise<Node> => {
      const folder = await makeTempDir('kendali-command-node');
      const core = await openCore({ ...defaultIngestOptions, dataDir: folder.path, clock, databaseUrl: url, settingsDriftAfterMs: driftAfterMs, alarmLeadershipRetryMs: 200 });
      core.alarms.stop(); // the test's clock drives expiry and the alarm engine
      core.commands.stop();
      const node: Node = { core, commandsSent: [], settingsSent: [], close: async () => undefined };
      core.commands.deliverThrough(async (_deviceId, message) => {
        node.commandsSent.push(message);
        return 'kept';
      });
      await core.settings.deliverThrough(async (_deviceId, message) => {
        node.settingsSent.push(message);
      });
      return {
        ...node,
        close: async () => {
          await core.close();
          await folder.remove();
        },
      };
    };

    beforeAll(async () => {
      url = (await newDatabase()).url;
      a = await openNode();
      b = await openNode();
      await a.core.registry.upsert('sl-1', { kind: 'street-light', name: 'PJU Cibodas 1', district: 'Cibodas' });
      await waitFor(() => b.core.registry.get('sl-1'), 'b to know sl-1');
    });

    afterAll(async () => {
      await a?.close();
      await b?.close();
    });

    it('settles a command issued on either node by the answer the other took, and both list the same', async () => {
      const fromA = await a.core.commands.send('sl-1', order(0.4));
      clock.advance(500);
      const fromB = await b.core.commands.send('sl-1', order(0.7));
      expect(a.commandsSent.map((message) => message.id)).toEqual([fromA.id]);
      clock.advance(500);
      expect(await b.core.commands.acceptResult('sl-1', answer({ id: fromA.id, ok: true, detail: 'dimmed' }))).toBeNull();
      expect(await a.core.commands.acceptResult('sl-1', answer({ id: fromB.id, ok: false, detail: 'driver fault' }))).toBeNull();
      expect(await a.core.commands.get(fromA.id)).toMatchObject({ state: 'done', doneAt: t0 + 1_000, detail: 'dimmed' });
      expect(await b.core.commands.get(fromB.id)).toMatchObject({ state: 'failed', detail: 'driver fault' });

      clock.advance(1_000);
      expect(await a.core.commands.acceptResult('sl-1', answer({ id: fromA.id, ok: false }))).toBeNull(); // a copy, on the other node: no effect
      await Promise.all([a.core.commands.expire(t0 + 120_000), b.core.commands.expire(t0 + 120_000)]);
      const listed = await a.core.commands.query({ deviceId: 'sl-1', limit: 10 });
      expect(listed.map((command) => [command.id, command.state, command.doneAt])).toEqual([
        [fromB.id, 'failed', t0 + 1_000],
        [fromA.id, 'done', t0 + 1_000],
      ]);
      expect(await b.core.commands.query({ deviceId: 'sl-1', limit: 10 })).toEqual(listed);
    });

    it('expires a waiting command once, on the node that did not issue it too, and then refuses its answer on both', async () => {
      clock.set(t0 + 200_000);
      const command = await a.core.commands.send('sl-1', order(0.5, 30));
      clock.advance(30_000);
      // b expires it once it has followed a's command; a, expiring after, changes nothing.
      const expired = await waitFor(async () => {
        await b.core.commands.expire(clock.now());
        const stored = await b.core.commands.get(command.id);
        return stored?.state === 'expired' ? stored : undefined;
      }, "b to expire a's command");
      expect(expired).toMatchObject({ doneAt: t0 + 230_000, detail: 'no answer within 30 s' });
      clock.advance(5_000);
      await a.core.commands.expire(clock.now());
      expect(await a.core.commands.get(command.id)).toEqual(expired);
      for (const node of [a, b]) {
        expect(await node.core.commands.acceptResult('sl-1', answer({ id: command.id, ok: true }))).toMatchObject({ code: 'KENDALI_ERR_COMMAND_RESULT_INVALID', message: expect.stringMatching(/expired/) });
      }
    });

    it('shows and republishes on one node the settings changed on the other, loses neither of two changes at once, and the leader holds drift reported to either', async () => {
      clock.set(t0 + 400_000);
      const put = await a.core.settings.put('sl-1', { reportIntervalS: 60 }, 'siti (engineer)');
      expect(put).toMatchObject({ desiredVersion: 1, state: 'pending' });
      await waitFor(() => (b.core.settings.get('sl-1')?.desiredVersion === 1 ? true : undefined), 'b to show the change made on a');
      expect(b.core.settings.get('sl-1')).toEqual(put);
      b.settingsSent.length = 0;
      await b.core.settings.deliverThrough(async (_deviceId, message) => {
        b.settingsSent.push(message);
      });
      expect(b.settingsSent).toEqual([{ version: 1, settings: { reportIntervalS: 60 }, at: t0 + 400_000 }]);

      const both = await Promise.all([a.core.settings.put('sl-1', { reportIntervalS: 120 }, 'siti (engineer)'), b.core.settings.put('sl-1', { reportIntervalS: 300 }, 'eko (engineer)')]);
      expect(both.map((settings) => settings.desiredVersion).sort()).toEqual([2, 3]);
      const last = both.find((settings) => settings.desiredVersion === 3)!;

      clock.advance(1_000);
      expect(await b.core.settings.acceptReport('sl-1', answer({ version: 3, settings: last.desired }))).toBeNull();
      await waitFor(() => (a.core.settings.get('sl-1')?.state === 'in-sync' ? true : undefined), 'a to show the report b took, in sync');
      expect(a.core.settings.get('sl-1')).toEqual(b.core.settings.get('sl-1'));

      // Leader a holds the drift reported to b from when it began, and raises it after the bound.
      expect([a.core.alarms.leader, b.core.alarms.leader]).toEqual([true, false]);
      clock.advance(1_000);
      const driftFrom = clock.now();
      expect(await b.core.settings.acceptReport('sl-1', answer({ version: 3, settings: { reportIntervalS: 15 } }))).toBeNull();
      await waitFor(() => (a.core.settings.get('sl-1')?.differentSince === driftFrom ? true : undefined), 'a to hear of the mismatch');
      a.core.alarms.tick(driftFrom + driftAfterMs);
      const alarm = a.core.alarms.openAlarms().find((open) => open.type === 'settings-drift' && open.deviceId === 'sl-1');
      expect(alarm).toMatchObject({ ruleId: 'settings-drift', raisedAt: driftFrom + driftAfterMs });
    });
  });
});
