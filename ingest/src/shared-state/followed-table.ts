import type { ChangeFeed } from './shared-database';

/**
 * Loads a cache of a table and, given a change feed, keeps it in step with the changes every node
 * makes. A row changed while the whole table is being read may be missing from what that read
 * returns: such keys are read again once it is done, so the read of the whole table never
 * overwrites a newer row.
 */
export async function followTable(changes: ChangeFeed | undefined, table: string, loadAll: () => Promise<void>, loadOne: (key: string) => Promise<void>): Promise<void> {
  let reading = 0;
  const changedMeanwhile = new Set<string>();
  const readAll = async () => {
    reading++;
    try {
      await loadAll();
    } finally {
      reading--;
    }
    if (reading > 0) return;
    const keys = [...changedMeanwhile];
    changedMeanwhile.clear();
    for (const key of keys) await loadOne(key);
  };
  changes?.follow(
    table,
    (key) => {
      if (reading > 0) changedMeanwhile.add(key);
      else void loadOne(key).catch(() => undefined); // the next change or resync reads it again
    },
    () => void readAll().catch(() => undefined),
  );
  await readAll();
}

/**
 * This node's own writes to a followed table, by key, so that reading a changed row back never
 * undoes one: a row read while a write of its key was under way, or that began before one, may
 * predate it and is dropped. The write's own notification reads the row again once it is committed.
 */
export class KeyedWrites {
  readonly #generation = new Map<string, number>();
  readonly #underWay = new Map<string, number>();

  async write<T>(key: string, work: () => Promise<T>): Promise<T> {
    return this.writeAll([key], work);
  }

  /** One write of several keys (a transaction of many rows), guarded as a write of each. */
  async writeAll<T>(keys: readonly string[], work: () => Promise<T>): Promise<T> {
    for (const key of keys) {
      this.#bump(key);
      this.#underWay.set(key, (this.#underWay.get(key) ?? 0) + 1);
    }
    try {
      return await work();
    } finally {
      for (const key of keys) {
        const left = (this.#underWay.get(key) ?? 1) - 1;
        if (left === 0) this.#underWay.delete(key);
        else this.#underWay.set(key, left);
        this.#bump(key);
      }
    }
  }

  /** What `read` returned, or null when a write of the key came between: then it says nothing newer. */
  async read<T>(key: string, read: () => Promise<T>): Promise<{ readonly row: T } | null> {
    if (this.#underWay.has(key)) return null;
    const before = this.#generation.get(key) ?? 0;
    const row = await read();
    if (this.#underWay.has(key) || (this.#generation.get(key) ?? 0) !== before) return null;
    return { row };
  }

  #bump(key: string): void {
    this.#generation.set(key, (this.#generation.get(key) ?? 0) + 1); // grows by two per write: a count, never reset, is enough
  }
}
