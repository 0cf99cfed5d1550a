import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { DuckDBInstance } from '@duckdb/node-api';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { manualClock, type CommandMessage } from '@kendali/contracts';
import { openCore, type Core } from '../assemble';
import { defaultIngestOptions } from '../ingest-options';
import { Commands, type CommandOrder } from './commands';
import { DuckDbCommandStore } from './duckdb-command-store';

let dataDir: string;
let core: Core | undefined;
const t0 = Date.parse('2026-03-10T03:00:00Z');
const clock = manualClock(t0);
const sent: { deviceId: string; message: CommandMessage }[] = [];
let outcome: 'written' | 'kept' = 'kept';

async function open(): Promise<Core> {
  core = await openCore({ ...defaultIngestOptions, dataDir, clock });
  core.commands.stop(); // expiry is driven by the test's clock
  core.commands.deliverThrough(async (deviceId, message) => {
    sent.push({ deviceId, message });
    return outcome;
  });
  return core;
}

const order = (name: string, params: Record<string, unknown>, ttlS = 60): CommandOrder => ({ name, params, ttlS, createdBy: 'budi (operator)' });
const result = (value: unknown) => Buffer.from(JSON.stringify(value));

beforeEach(async () => {
  dataDir = await mkdtemp(join(tmpdir(), 'kendali-commands-'));
  clock.set(t0);
  sent.length = 0;
  outcome = 'kept';
  const opened = await open();
  await opened.registry.upsert('sl-1', { kind: 'street-light', name: 'SL 1', district: 'Cibodas' });
  await opened.registry.upsert('sl-2', { kind: 'street-light', name: 'SL 2', district: 'Cibodas' });
  await opened.registry.upsert('ap-1', { kind: 'wifi-ap', name: 'AP 1', district: 'Cibodas' });
  await opened.registry.upsert('aq-1', { kind: 'air-quality', name: 'AQ 1', district: 'Karawaci' });
});

afterEach(async () => {
  await core?.close();
  core = undefined;
  await rm(dataDir, { recursive: true, force: true });
});

describe('Commands', () => {
  it('stores a command, sends it, and follows it through PUBACK and answer', async () => {
    const { commands } = core!;
    const command = await commands.send('sl-1', order('set-dimming', { level: 0.4 }));
    expect(command).toMatchObject({ deviceId: 'sl-1', kind: 'street-light', name: 'set-dimming', params: { level: 0.4 }, state: 'queued', createdAt: t0, createdBy: 'budi (operator)', expiresAt: t0 + 60_000, sentAt: null });
    expect(sent).toEqual([{ deviceId: 'sl-1', message: { id: command.id, name: 'set-dimming', params: { level: 0.4 }, expiresAt: t0 + 60_000 } }]);

    clock.advance(500);
    await commands.taken('sl-1', command.id);
    expect(await commands.get(command.id)).toMatchObject({ state: 'sent', sentAt: t0 + 500 });

    clock.advance(500);
    expect(await commands.acceptResult('sl-1', result({ id: command.id, ok: true, detail: 'dimmed' }))).toBeNull();
    expect(await commands.get(command.id)).toMatchObject({ state: 'done', doneAt: t0 + 1000, detail: 'dimmed' });
    expect(await commands.acceptResult('sl-1', result({ id: command.id, ok: true }))).toBeNull(); // a copy of the answer changes nothing
    expect(await commands.get(command.id)).toMatchObject({ state: 'done', doneAt: t0 + 1000, detail: 'dimmed' });
  });

  it('counts a command written to a connected clean session as sent at once, and records a failure', async () => {
    outcome = 'written';
    const command = await core!.commands.send('ap-1', order('reboot', {}));
    expect(command).toMatchObject({ state: 'sent', sentAt: t0 });
    await core!.commands.acceptResult('ap-1', result({ id: command.id, ok: false, detail: 'flash busy' }));
    expect(await core!.commands.get(command.id)).toMatchObject({ state: 'failed', detail: 'flash busy' });
  });

  it('refuses an unknown command, naming the commands of the kind, and stores nothing', async () => {
    const { commands } = core!;
    await expect(commands.send('aq-1', order('set-dimming', { level: 1 }))).rejects.toMatchObject({
      code: 'KENDALI_ERR_COMMAND_UNKNOWN',
      message: 'Device kind "air-quality" has no command "set-dimming"; its commands are: set-interval.',
    });
    await expect(commands.send('nobody', order('set-interval', { seconds: 5 }))).rejects.toMatchObject({ code: 'KENDALI_ERR_DEVICE_NOT_FOUND' });
    expect(await commands.query({ limit: 10 })).toEqual([]);
    expect(sent).toEqual([]);
  });

  it.each([
    [{ level: 1.5 }, '/params/level must be <= 1'],
    [{}, '/params/level is required'],
    [{ level: 'half' }, '/params/level must be number'],
    [{ level: 0.5, colour: 'red' }, '/params must not have the property "colour"'],
  ])('refuses params %o with the JSON path (%s), storing nothing', async (params, problem) => {
    const refused = core!.commands.send('sl-1', order('set-dimming', params));
    await expect(refused).rejects.toMatchObject({ code: 'KENDALI_ERR_COMMAND_PARAMS' });
    await expect(refused).rejects.toThrow(problem);
    expect(await core!.commands.query({ limit: 10 })).toEqual([]);
  });

  it('sends a group command to every device of a district, checked for all before any is stored', async () => {
    const { commands } = core!;
    await expect(commands.sendToGroup({ district: 'Cibodas' }, order('set-dimming', { level: 0.2 }))).rejects.toMatchObject({ code: 'KENDALI_ERR_COMMAND_UNKNOWN' }); // ap-1 has no dimming
    expect(await commands.query({ limit: 10 })).toEqual([]);

    const group = await commands.sendToGroup({ district: 'Cibodas' }, order('set-interval', { seconds: 30 }));
    expect(group.map((c) => c.deviceId).sort()).toEqual(['ap-1', 'sl-1', 'sl-2']);
    expect(sent.map((s) => s.deviceId).sort()).toEqual(['ap-1', 'sl-1', 'sl-2']);
    expect((await commands.sendToGroup({ kind: 'street-light', district: 'Cibodas' }, order('set-dimming', { level: 0.2 }))).map((c) => c.deviceId)).toEqual(['sl-1', 'sl-2']);
    await expect(commands.sendToGroup({ district: 'Nowhere' }, order('set-interval', { seconds: 30 }))).rejects.toMatchObject({ code: 'KENDALI_ERR_COMMAND_NO_DEVICES' });
    await expect(commands.sendToGroup({ deviceIds: ['sl-1', 'ghost'] }, order('set-interval', { seconds: 30 }))).rejects.toThrow(/"ghost"/);
  });

  it('expires a command past its time to live with a reason, and refuses its late answer', async () => {
    const { commands } = core!;
    const command = await commands.send('sl-1', order('set-interval', { seconds: 10 }, 5));
    await commands.expire(t0 + 4_999);
    expect(await commands.get(command.id)).toMatchObject({ state: 'queued' });
    await commands.expire(t0 + 5_000);
    expect(await commands.get(command.id)).toMatchObject({ state: 'expired', doneAt: t0 + 5_000, detail: 'no answer within 5 s' });
    expect(await commands.acceptResult('sl-1', result({ id: command.id, ok: true }))).toMatchObject({ code: 'KENDALI_ERR_COMMAND_RESULT_INVALID', message: expect.stringMatching(/expired/) });
  });

  it('refuses answers that are not JSON, break the shape, or name a command of another device', async () => {
    const { commands } = core!;
    const command = await commands.send('sl-1', order('set-interval', { seconds: 10 }));
    expect(await commands.acceptResult('sl-1', Buffer.from('ok'))).toMatchObject({ code: 'KENDALI_ERR_COMMAND_RESULT_INVALID' });
    expect(await commands.acceptResult('sl-1', result({ id: command.id }))).toMatchObject({ message: expect.stringMatching(/ok/) });
    expect(await commands.acceptResult('sl-2', result({ id: command.id, ok: true }))).toMatchObject({ message: `no command "${command.id}" was sent to device "sl-2"` });
    expect(await commands.get(command.id)).toMatchObject({ state: 'queued' });
  });

  it('sends the waiting commands again after a restart when the device subscribes, not the answered or expired ones', async () => {
    const waiting = await core!.commands.send('sl-1', order('set-dimming', { level: 0.1 }, 600));
    const answered = await core!.commands.send('sl-1', order('set-interval', { seconds: 10 }, 600));
    const expiring = await core!.commands.send('sl-1', order('set-interval', { seconds: 20 }, 1));
    await core!.commands.acceptResult('sl-1', result({ id: answered.id, ok: true }));
    await core!.close();

    sent.length = 0;
    clock.advance(2_000);
    const reopened = await open();
    await reopened.commands.resend('sl-1');
    expect(sent.map((s) => s.message.id)).toEqual([waiting.id]);
    await reopened.commands.expire(clock.now());
    expect(await reopened.commands.get(expiring.id)).toMatchObject({ state: 'expired' });
  });
});

describe('The expiry tick', () => {
  it('tells of a store that failed to record an expiry, with its error, and records it at a later tick once the store works', async () => {
    // Commands on a store of their own, so the test can take its table away behind its back.
    const instance = await DuckDBInstance.create(join(dataDir, 'commands.duckdb'));
    const store = await DuckDbCommandStore.open(instance);
    const commands = await Commands.open(store, { clock, kinds: core!.kinds, registry: core!.registry });
    const other = await instance.connect();
    try {
      const command = await commands.send('sl-1', order('set-interval', { seconds: 10 }, 5));
      await other.run('ALTER TABLE commands RENAME TO commands_away');
      const failures: Error[] = [];
      commands.on('expiryFailed', (error) => failures.push(error));
      clock.advance(5_000);
      commands.start(10);
      await expect.poll(() => failures.length, { timeout: 10_000 }).toBeGreaterThan(0);
      expect(failures[0]!.message).toMatch(/commands does not exist/);

      await other.run('ALTER TABLE commands_away RENAME TO commands');
      await expect.poll(async () => (await commands.get(command.id))?.state, { timeout: 10_000 }).toBe('expired');
    } finally {
      commands.stop();
      other.closeSync();
      await store.close();
      instance.closeSync();
    }
  });
});

describe('Commands to many devices', () => {
  it('stores and sends a group command to 1,200 devices, each its own command', async () => {
    const { registry, commands } = core!;
    await registry.provision(
      Array.from({ length: 1_200 }, (_, i) => ({ id: `tl-${i}`, kind: 'traffic', name: `TL ${i}`, district: 'Periuk' })),
      () => 'secret',
    );
    const group = await commands.sendToGroup({ kind: 'traffic' }, order('set-interval', { seconds: 15 }));
    expect(group).toHaveLength(1_200);
    expect(new Set(group.map((c) => c.id)).size).toBe(1_200);
    expect(sent).toHaveLength(1_200);
    expect(await commands.query({ deviceId: 'tl-1199', limit: 5 })).toEqual([group.find((c) => c.deviceId === 'tl-1199')]);
    expect(await commands.query({ state: 'queued', limit: 1000 })).toHaveLength(1000);
  });
});
