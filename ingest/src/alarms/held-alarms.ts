import type { Alarm } from '@kendali/contracts';

/**
 * The alarms a node holds in memory, by key (one rule on one device or district): each open one,
 * and the last cleared one, which a condition coming back soon enough reopens.
 */
export class HeldAlarms {
  readonly #open = new Map<string, Alarm>(); // by key
  readonly #recentlyCleared = new Map<string, Alarm>(); // by key

  /** One function for every reading's context, rather than a new closure per reading. */
  readonly isOpen = (key: string): boolean => this.#open.has(key);

  open(): Alarm[] {
    return [...this.#open.values()];
  }

  openWithKey(key: string): Alarm | undefined {
    return this.#open.get(key);
  }

  openWithId(id: string): Alarm | undefined {
    for (const alarm of this.#open.values()) if (alarm.id === id) return alarm;
    return undefined;
  }

  /** Open, or the last cleared of its key. */
  withId(id: string): Alarm | undefined {
    return this.openWithId(id) ?? [...this.#recentlyCleared.values()].find((alarm) => alarm.id === id);
  }

  lastClearedWithKey(key: string): Alarm | undefined {
    return this.#recentlyCleared.get(key);
  }

  /** An open alarm with new figures (or read back at start), the last cleared of its key kept. */
  setOpen(alarm: Alarm): void {
    this.#open.set(alarm.key, alarm);
  }

  /** The alarm as it now is: open, or cleared (and then no longer open unless another alarm holds its key). */
  remember(alarm: Alarm): void {
    if (alarm.state === 'cleared') {
      if (this.#open.get(alarm.key)?.id === alarm.id) this.#open.delete(alarm.key);
      this.#recentlyCleared.set(alarm.key, alarm);
    } else {
      this.#open.set(alarm.key, alarm);
      this.#recentlyCleared.delete(alarm.key);
    }
  }
}
