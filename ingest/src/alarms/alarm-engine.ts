import { EventEmitter } from 'node:events';
import type { KindLookup, Alarm, AlarmEvent, City, Clock, ConnectionState, Device, Reading } from '@kendali/contracts';
import type { ConnectionStates } from './offline-conditions';
import type { DeviceRegistry } from '../registry/device-registry';
import type { Rejection } from '../rejection';
import type { AlarmRulesDocument, OfflineRule, SensorFaultRule, SiagaThresholds } from '@kendali/contracts';
import type { AlarmRows } from './alarm-rows';
import type { ChangeFeed } from '../shared-state/shared-database';
import type { PostgresAlarmRows } from '../shared-state/postgres-alarm-rows';
import type { Leadership } from '../shared-state/alarm-leadership';
import { SharedAlarmSync, type Redo } from './shared-alarm-sync';
import * as transitions from './alarm-transitions';
import { AlarmRuleBook } from './alarm-rule-book';
import { cityOfDevice } from './city-of-device';
import { HeldAlarms } from './held-alarms';
import { text, type Condition, type EvaluationContext } from './condition';
import { offlineConditions } from './offline-conditions';
import { evaluateReading, makeEvaluators } from './reading-evaluation';
import { outOfRangeCondition, skewCondition } from './evaluators/sensor-faults';
import { settingsDriftCondition } from './evaluators/settings-drift';

type Active = Extract<Condition, { active: true }>;

export interface AlarmEngineOptions {
  /** Where the time of operators' actions, rule versions and the settle timer comes from. */
  readonly clock: Clock;
  /** A cleared alarm that comes back within this time reopens (and counts) instead of a new one, ms. */
  readonly reopenWithinMs: number;
  /** The longest an operator may shelve an alarm, ms. */
  readonly maxShelveMs: number;
  /** Siaga levels of a named water gate (contracts), if known. */
  readonly gateThresholds?: (gateId: string) => SiagaThresholds | undefined;
  /** The cities the room watches, its own first: a device's district says which city's sun and clock its rules use. */
  readonly cities: readonly City[];
  /** The kinds there are (the profile catalogue): units, and the rules each profile brings. */
  readonly kinds?: KindLookup;
  /** How long desired and reported settings may differ before the default settings-drift rule raises its alarm, ms. */
  readonly settingsDriftAfterMs?: number;
  /** Whether this node evaluates (several nodes on one database: one at a time); absent = always. */
  readonly leadership?: Leadership;
  /** Several nodes on one PostgreSQL database: its alarm rows and the feed of what every node changes. */
  readonly shared?: { readonly rows: PostgresAlarmRows; readonly changes: ChangeFeed };
}

interface AlarmEngineEvents {
  change: [Alarm, AlarmEvent];
  error: [Error];
  /** This node began (true) or stopped (false) evaluating readings into raises and clears. */
  leadership: [leader: boolean];
}

/**
 * Rules on the live stream: readings, rejections and connection changes become conditions; a
 * condition held for its rule's minimum duration becomes an alarm; alarms go through their
 * lifecycle (active → acknowledged → cleared) with an audit line for every change. With several
 * nodes on one database, only the leader evaluates; every node follows the changes any node writes
 * and takes operators' actions (`shared-alarm-sync.ts`).
 */
export class AlarmEngine extends EventEmitter<AlarmEngineEvents> {
  readonly #held = new HeldAlarms();
  readonly #pending = new Map<string, { condition: Active; sinceMs: number }>();
  readonly #evaluators;
  readonly #cityOf: (device: Device) => City;
  #timer: NodeJS.Timeout | undefined;
  #leading: boolean;
  readonly #shared: SharedAlarmSync | undefined; // several nodes on one database

  private constructor(
    private readonly store: AlarmRows,
    private readonly registry: DeviceRegistry,
    private readonly live: ConnectionStates,
    private readonly options: AlarmEngineOptions,
    private readonly ruleBook: AlarmRuleBook,
  ) {
    super();
    this.#evaluators = makeEvaluators(options.gateThresholds);
    this.#cityOf = cityOfDevice(options.cities);
    this.#leading = options.shared === undefined;
    this.#shared = options.shared && new SharedAlarmSync(options.shared.rows, options.shared.changes, {
      remember: (alarm) => this.#held.remember(alarm),
      announce: (alarm, event) => this.emit('change', alarm, event),
      failed: (error) => this.#failed(error),
    });
  }

  /** `live` tells a device's connection state (district-wide offline alarms count them). */
  static async open(store: AlarmRows, registry: DeviceRegistry, live: ConnectionStates, options: AlarmEngineOptions): Promise<AlarmEngine> {
    const engine = new AlarmEngine(store, registry, live, options, await AlarmRuleBook.open(store, options.clock, options.kinds, options.settingsDriftAfterMs));
    const shared = engine.#shared;
    await shared?.begin();
    for (const alarm of await store.openAlarms()) engine.#held.setOpen(alarm);
    registry.on('removed', (deviceId) => engine.onDeviceRemoved(deviceId, options.clock.now()));
    if (shared) {
      await shared.follow(() => void engine.ruleBook.reload().catch((error: unknown) => engine.#failed(error)));
      options.leadership?.on('change', (leader) => void engine.#leadershipChanged(leader));
      if (options.leadership?.leader) await engine.#leadershipChanged(true);
    }
    return engine;
  }

  /** Whether this node evaluates readings, rejections and connection changes into raises and clears (the only one that does). */
  get leader(): boolean {
    return this.#leading;
  }

  get rules(): AlarmRulesDocument {
    return this.ruleBook.document;
  }

  /** Replaces the rules with a new version (validated first); returns the stored document. */
  replaceRules(document: unknown, by: string): Promise<AlarmRulesDocument> {
    return this.ruleBook.replace(document, by);
  }

  openAlarms(): Alarm[] {
    return this.#held.open();
  }

  start(tickMs = 1_000): void {
    this.#timer ??= setInterval(() => this.tick(this.options.clock.now()), tickMs);
  }

  stop(): void {
    clearInterval(this.#timer);
    this.#timer = undefined;
  }

  /** Stops the timer and following other nodes' changes, and waits for this node's writes. */
  async close(): Promise<void> {
    this.stop();
    await this.#shared?.close();
  }

  /** Readings stored at `nowMs` (ms epoch). */
  onReadings(readings: readonly Reading[], nowMs: number): void {
    if (!this.#leading) return;
    for (const reading of readings) {
      const device = this.registry.get(reading.deviceId);
      if (device === undefined) continue;
      const rules = this.ruleBook.forDevice(device);
      if (rules.length === 0) continue; // no rule watches this device
      for (const condition of evaluateReading(rules, reading, this.#context(device), this.#evaluators)) this.#process(condition, nowMs);
    }
  }

  /** A message of the device rejected at `nowMs` (ms epoch). */
  onRejection(deviceId: string, rejection: Rejection, nowMs: number): void {
    if (!this.#leading) return;
    const device = this.registry.get(deviceId);
    if (device === undefined) return;
    for (const rule of this.ruleBook.forDevice(device)) {
      if (rule.type === 'out-of-range' && rejection.code === 'KENDALI_ERR_FIELD_RANGE') this.#process(outOfRangeCondition(rule, device, rejection.message), nowMs);
      if (rule.type === 'clock-skew' && rejection.code === 'KENDALI_ERR_TIMESTAMP' && rejection.message.includes('in the future')) {
        this.#process(skewCondition(rule as SensorFaultRule, device, `${rule.id}:${device.id}`, text(rejection.message, rejection.message), null), nowMs);
      }
    }
  }

  /** The device's connection state changed at `nowMs` (ms epoch). */
  onStatus(deviceId: string, state: ConnectionState, nowMs: number): void {
    if (!this.#leading) return;
    const device = this.registry.get(deviceId);
    if (device === undefined) return;
    const rule = this.ruleBook.forDevice(device).find((r): r is OfflineRule => r.type === 'offline');
    if (rule === undefined) return;
    for (const condition of offlineConditions(rule, device, this.ruleBook.kinds.spec(device.kind), state, this.registry, this.live, this.#held.isOpen)) this.#process(condition, nowMs);
  }

  /**
   * The device's desired settings it does not report with the desired value (`mismatched`, empty
   * once it does), at `nowMs`; they have differed since `differentSinceMs`, which the rule's
   * duration counts from (so a restart does not start the bound again).
   */
  onSettings(deviceId: string, mismatched: readonly string[], nowMs: number, differentSinceMs?: number): void {
    if (!this.#leading) return;
    const device = this.registry.get(deviceId);
    if (device === undefined) return;
    const rule = this.ruleBook.settingsDriftRule(device);
    if (rule === undefined) return;
    this.#process(settingsDriftCondition(rule, device, mismatched), nowMs, differentSinceMs);
  }

  /**
   * The device was deleted at `nowMs`: its open alarms clear (nothing will ever report them over) and
   * conditions waiting to be raised are dropped; the history keeps them.
   */
  onDeviceRemoved(deviceId: string, nowMs: number): void {
    if (!this.#leading) return;
    for (const [key, { condition }] of this.#pending) if (condition.deviceId === deviceId) this.#pending.delete(key);
    for (const alarm of this.#held.open()) {
      if (alarm.deviceId === deviceId) this.#change(alarm, (current) => (current.state === 'cleared' ? undefined : transitions.clear(current, nowMs, 'device deleted from the registry')));
    }
  }

  /** How long the device's settings may differ before it counts as drifting: its settings-drift rule's duration. */
  settingsDriftAfterMs(device: Device): number {
    return this.ruleBook.settingsDriftAfterMsOf(device);
  }

  /** Raises conditions whose minimum duration has passed, and ends expired shelving. */
  tick(nowMs: number): void {
    if (!this.#leading) return;
    for (const [key, { condition, sinceMs }] of this.#pending) {
      if (nowMs - sinceMs >= condition.minDurationMs && !this.#suppressed(condition)) {
        this.#pending.delete(key);
        this.#raise(condition, nowMs);
      }
    }
    for (const alarm of this.#held.open()) {
      if (alarm.shelvedUntil !== null && alarm.shelvedUntil <= nowMs) {
        this.#change(alarm, (current) => (current.shelvedUntil !== null && current.shelvedUntil <= nowMs ? transitions.unshelve(current, transitions.engineActor, nowMs) : undefined));
      }
    }
  }

  async acknowledge(id: string, by: string, comment: string | null): Promise<Alarm | undefined> {
    if (this.#shared) return this.#shared.operatorChange(id, (current) => transitions.acknowledge(current, by, comment, this.options.clock.now()));
    const alarm = this.#held.withId(id) ?? (await this.store.get(id));
    if (alarm === undefined) return undefined;
    return this.#apply(transitions.acknowledge(alarm, by, comment, this.options.clock.now()));
  }

  async shelve(id: string, by: string, durationMs: number, reason: string): Promise<Alarm | undefined> {
    const shelveFrom = (alarm: Alarm, nowMs: number) => transitions.shelve(alarm, by, nowMs + Math.min(durationMs, this.options.maxShelveMs), reason, nowMs);
    if (this.#shared) return this.#shared.operatorChange(id, (current) => (current.state === 'cleared' ? undefined : shelveFrom(current, this.options.clock.now())));
    const alarm = this.#held.openWithId(id);
    if (alarm === undefined) return undefined;
    const nowMs = this.options.clock.now();
    return this.#apply(shelveFrom(alarm, nowMs));
  }

  async unshelve(id: string, by: string): Promise<Alarm | undefined> {
    if (this.#shared) return this.#shared.operatorChange(id, (current) => (current.state === 'cleared' ? undefined : transitions.unshelve(current, by, this.options.clock.now())));
    const alarm = this.#held.openWithId(id);
    if (alarm === undefined) return undefined;
    return this.#apply(transitions.unshelve(alarm, by, this.options.clock.now()));
  }

  #context(device: Device): EvaluationContext {
    return { device, spec: this.ruleBook.kinds.spec(device.kind), city: this.#cityOf(device), isOpen: this.#held.isOpen };
  }

  /** `heldSinceMs`: since when the condition has held, when its source knows (else from when the engine first saw it). */
  #process(condition: Condition, nowMs: number, heldSinceMs?: number): void {
    const open = this.#held.openWithKey(condition.key);
    if (!condition.active) {
      this.#pending.delete(condition.key);
      if (open) this.#change(open, (current) => (current.state === 'cleared' ? undefined : transitions.clear(current, nowMs)));
      return;
    }
    if (open) {
      if (open.severity !== condition.severity) this.#change(open, (current) => (current.state === 'cleared' ? undefined : transitions.changeSeverity(current, condition, nowMs)));
      else this.#held.setOpen({ ...open, value: condition.value, detail: condition.detail }); // fresh figures, no audit line
      return;
    }
    const pending = this.#pending.get(condition.key);
    const sinceMs = heldSinceMs ?? pending?.sinceMs ?? nowMs;
    if (nowMs - sinceMs >= condition.minDurationMs && !this.#suppressed(condition)) {
      this.#pending.delete(condition.key);
      this.#raise(condition, nowMs);
    } else this.#pending.set(condition.key, { condition, sinceMs });
  }

  /** A device's offline alarm waits while its whole district is covered by one grouped alarm. */
  #suppressed(condition: Active): boolean {
    return condition.type === 'offline' && condition.district !== null && this.#held.isOpen(`district-offline:${condition.district}`);
  }

  #raise(condition: Active, nowMs: number): void {
    const previous = this.#held.lastClearedWithKey(condition.key);
    if (previous && nowMs - (previous.clearedAt ?? 0) <= this.options.reopenWithinMs) {
      this.#change(previous, (current) => (current.state === 'cleared' ? transitions.reraise(current, condition, nowMs) : undefined));
    } else this.#apply(transitions.raise(condition, nowMs));
  }

  /**
   * The engine's change of an alarm it holds. With several nodes it is written only if no other node
   * changed the alarm first, else made again (`redo`) from what is stored.
   */
  #change(from: Alarm, redo: Redo): void {
    const transition = redo(from);
    if (transition !== undefined) this.#apply(transition, from, redo);
  }

  /** Made at once in memory, then written; with several nodes every node, this one too, announces it when it comes back on the change feed. */
  #apply(transition: transitions.Transition, from?: Alarm, redo?: Redo): Alarm {
    const { alarm, event } = transition;
    this.#held.remember(alarm);
    if (this.#shared) {
      this.#shared.write(transition, from, redo);
      return alarm;
    }
    this.store.record(alarm, event).catch((error: unknown) => this.#failed(error));
    this.emit('change', alarm, event);
    return alarm;
  }

  #failed(error: unknown): void {
    this.emit('error', error instanceof Error ? error : new Error(String(error)));
  }

  /**
   * Leading begins only once every change written so far is applied, so a new leader starts from the
   * open alarms the last one left; conditions waiting for their minimum duration start again.
   */
  async #leadershipChanged(leader: boolean): Promise<void> {
    if (!leader) {
      this.#pending.clear();
      if (this.#leading) {
        this.#leading = false;
        this.emit('leadership', false);
      }
      return;
    }
    await this.#shared?.catchUp();
    if (this.#leading || !this.options.leadership?.leader) return;
    this.#leading = true;
    this.emit('leadership', true);
  }
}
