import type { Alarm, AlarmEvent } from '@kendali/contracts';
import type { ChangeFeed } from '../shared-state/shared-database';
import type { AlarmChange, PostgresAlarmRows } from '../shared-state/postgres-alarm-rows';
import { SerialWrites } from '../serial-writes';
import type { Transition } from './alarm-transitions';

/** How a change of an alarm is made again from the stored alarm, when another node changed it first; undefined = no longer due. */
export type Redo = (current: Alarm) => Transition | undefined;

/** What the engine on this node keeps: its memory of alarms, and whom it tells of changes. */
export interface AlarmMemory {
  remember(alarm: Alarm): void;
  announce(alarm: Alarm, event: AlarmEvent): void;
  failed(error: unknown): void;
}

const conflictRetries = 5; // a change made again this often from what other nodes wrote, then given up
const changesPerRead = 500;

/**
 * Alarms shared by several nodes through PostgreSQL. This node's writes go one after another, each
 * conditional on the revision it was made from and made again from what is stored when another node
 * changed the alarm first. Every node, the writer too, learns each change from the numbered feed of
 * changes, in commit order, and announces it then: so a change is announced once per node, in the
 * same order everywhere, whichever node made it.
 */
export class SharedAlarmSync {
  #lastChange = 0;
  readonly #changeOf = new Map<string, number>(); // the newest change applied, by alarm id
  readonly #writes = new SerialWrites();
  #catchingUp: Promise<void> | null = null;
  #catchUpAgain = false;
  #closed = false;

  constructor(
    private readonly rows: PostgresAlarmRows,
    private readonly changes: ChangeFeed,
    private readonly memory: AlarmMemory,
  ) {}

  /** Where the feed starts: read before the open alarms are, so a change between the two is applied twice, never missed. */
  async begin(): Promise<void> {
    this.#lastChange = await this.rows.lastChange();
  }

  /** Follows the changes every node makes (and the rule versions, through `rulesChanged`); resolves once caught up. */
  async follow(rulesChanged: () => void): Promise<void> {
    const catchUp = () => void this.catchUp();
    this.changes.follow('alarm_events', catchUp, catchUp);
    this.changes.follow('alarm_rule_versions', rulesChanged, rulesChanged);
    await this.catchUp();
  }

  /** Writes an engine's change, after this node's earlier ones. Memory already holds it; the feed announces it. */
  write(transition: Transition, from?: Alarm, redo?: Redo): void {
    void this.#writes.run(() => this.#write(transition, from, redo)).catch((error: unknown) => this.memory.failed(error));
  }

  /** An operator's change on this node: made from the stored alarm; the alarm as written, or undefined when there is none to change. */
  operatorChange(id: string, redo: Redo): Promise<Alarm | undefined> {
    return this.#writes.run(async () => {
      const stored = await this.rows.get(id);
      if (stored === undefined) return undefined;
      const transition = redo(stored);
      if (transition === undefined) return stored.state === 'cleared' ? undefined : stored;
      return this.#write(transition, stored, redo);
    });
  }

  /** Reads the changes after the last one applied, in order; one read at a time, another after it if asked meanwhile. */
  catchUp(): Promise<void> {
    if (this.#catchingUp) {
      this.#catchUpAgain = true;
      return this.#catchingUp;
    }
    this.#catchingUp = (async () => {
      do {
        this.#catchUpAgain = false;
        await this.#readChanges().catch((error: unknown) => this.memory.failed(error));
      } while (this.#catchUpAgain && !this.#closed);
    })().finally(() => (this.#catchingUp = null));
    return this.#catchingUp;
  }

  /** Stops following and waits for this node's writes. */
  async close(): Promise<void> {
    this.#closed = true;
    await this.#catchingUp;
    await this.#writes.settled();
  }

  async #write(transition: Transition, from?: Alarm, redo?: Redo): Promise<Alarm | undefined> {
    let next: Transition | undefined = transition;
    let base = from;
    for (let attempt = 0; next !== undefined && attempt < conflictRetries; attempt++) {
      const outcome = await this.rows.record(next.alarm, next.event, base);
      if (outcome.written) {
        this.#apply(next.alarm, outcome.seq ?? 0);
        return next.alarm;
      }
      if (outcome.current === undefined || redo === undefined) return undefined;
      base = outcome.current;
      next = redo(outcome.current);
    }
    if (base !== undefined) this.memory.remember(base); // no longer due, or given up: what is stored stands
    return undefined;
  }

  /** Memory takes an alarm as change `seq` left it, unless a newer change of it was applied already. */
  #apply(alarm: Alarm, seq: number): void {
    if (seq < (this.#changeOf.get(alarm.id) ?? 0)) return;
    this.#changeOf.set(alarm.id, seq);
    this.memory.remember(alarm);
  }

  async #readChanges(): Promise<void> {
    for (;;) {
      if (this.#closed) return;
      const changes = await this.rows.changesAfter(this.#lastChange, changesPerRead);
      for (const change of changes) this.#follow(change);
      // Changes up to here are all applied, in order: no older one can come to be kept out.
      for (const [id, seq] of this.#changeOf) if (seq <= this.#lastChange) this.#changeOf.delete(id);
      if (changes.length < changesPerRead) return;
    }
  }

  #follow({ seq, alarm, event, writer }: AlarmChange): void {
    this.#lastChange = seq;
    if (writer !== this.rows.writer) this.#apply(alarm, seq); // this node's own changes are in its memory already
    this.memory.announce(alarm, event);
  }
}
