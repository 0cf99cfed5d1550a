import { describe, expect, it } from 'vitest';
import type { Command } from '@kendali/contracts';
import type { CommandStore } from '@kendali/ingest';
import { openForSuite, type NodeStores, type StorePlace } from './store-nodes';

const t0 = Date.parse('2026-03-10T03:00:00Z');

const queued = (id: string, deviceId: string, createdAt = t0, overrides: Partial<Command> = {}): Command => ({
  id,
  deviceId,
  kind: 'streetlight',
  name: 'dim',
  params: { level: 0.4, schedule: [{ from: '18:00', level: 1 }] },
  state: 'queued',
  createdAt,
  createdBy: 'operator (operator)',
  sentAt: null,
  doneAt: null,
  expiresAt: createdAt + 60_000,
  detail: null,
  ...overrides,
});

/**
 * The contract of a command store, whatever holds it: what it keeps and gives back, and that a
 * state is recorded only over one that allows it, so that nodes sharing the store settle a command
 * once. Each test uses its own devices; the store is opened once for the suite.
 */
export function commandStoreConformance(name: string, newPlace: () => Promise<StorePlace<NodeStores<CommandStore>>>): void {
  describe(`command store: ${name}`, () => {
    const node = openForSuite(newPlace);

    it('gives back what it stored, newest first, by device and state, within the limit', async () => {
      const commands = [queued('c-1', 'sl-q1', t0), queued('c-2', 'sl-q1', t0 + 1_000), queued('c-3', 'sl-q2', t0 + 2_000, { params: {} })];
      await node.store.insert(commands);
      expect(await node.store.get('c-1')).toEqual(commands[0]);
      expect(await node.store.get('c-unknown')).toBeUndefined();
      expect((await node.store.query({ deviceId: 'sl-q1', limit: 10 })).map((c) => c.id)).toEqual(['c-2', 'c-1']);
      expect((await node.store.query({ deviceId: 'sl-q1', limit: 1 })).map((c) => c.id)).toEqual(['c-2']);
      await node.store.update({ ...commands[0]!, state: 'done', sentAt: t0 + 10, doneAt: t0 + 20, detail: 'dimmed' });
      expect(await node.store.query({ deviceId: 'sl-q1', state: 'done', limit: 10 })).toEqual([{ ...commands[0], state: 'done', sentAt: t0 + 10, doneAt: t0 + 20, detail: 'dimmed' }]);
      expect((await node.store.waiting()).filter((c) => c.deviceId.startsWith('sl-q')).map((c) => c.id)).toEqual(['c-2', 'c-3']);
    });

    it('records a state only over one that allows it: sent from queued, settled once', async () => {
      const command = queued('c-10', 'sl-u1');
      await node.store.insert([command]);
      const sent = { ...command, state: 'sent' as const, sentAt: t0 + 5 };
      expect(await node.store.update(sent)).toBe(true);
      expect(await node.store.update({ ...sent, sentAt: t0 + 9 })).toBe(false); // sent already
      const done = { ...sent, state: 'done' as const, doneAt: t0 + 30, detail: 'ok' };
      expect(await node.store.update(done)).toBe(true);
      expect(await node.store.update({ ...sent, state: 'expired', doneAt: t0 + 60_000, detail: 'no answer within 60 s' })).toBe(false);
      expect(await node.store.update({ ...sent, state: 'failed', doneAt: t0 + 31 })).toBe(false);
      expect(await node.store.get('c-10')).toEqual(done);

      const other = queued('c-11', 'sl-u1');
      await node.store.insert([other]);
      const expired = { ...other, state: 'expired' as const, doneAt: t0 + 60_000, detail: 'no answer within 60 s' };
      const outcomes = await Promise.all([node.store.update(expired), node.store.update({ ...expired, doneAt: t0 + 60_001 })]);
      expect(outcomes.sort()).toEqual([false, true]);
      expect(await node.store.update({ ...other, state: 'sent', sentAt: t0 + 1 })).toBe(false);
      expect((await node.store.get('c-11'))?.state).toBe('expired');
    });

    it('stores a group command of many rows all or none, and keeps them across a restart', async () => {
      const group = Array.from({ length: 1_100 }, (_, i) => queued(`g-${String(i).padStart(4, '0')}`, `sl-g${i}`)); // more rows than one INSERT binds
      await expect(node.store.insert([...group.slice(0, 600), queued('c-1', 'sl-clash')])).rejects.toThrow(); // c-1 exists
      expect(await node.store.get('g-0000')).toBeUndefined();
      await node.store.insert(group);
      await node.restart();
      expect((await node.store.waiting()).filter((c) => c.id.startsWith('g-'))).toEqual(group);
      expect(await node.store.get('c-10')).toMatchObject({ state: 'done', detail: 'ok' });
    });
  });
}
