import { randomUUID } from 'node:crypto';
import { EventEmitter } from 'node:events';
import { Ajv } from 'ajv';
import {
  CommandResultSchema,
  isCommandSettled,
  requireKind,
  type Clock,
  type Command,
  type CommandMessage,
  type CommandResult,
  type CommandSelector,
  type Device,
  type KindLookup,
  type RejectionCode,
} from '@kendali/contracts';
import { IngestError } from '../errors';
import type { DeviceRegistry } from '../registry/device-registry';
import { followTable, KeyedWrites } from '../shared-state/followed-table';
import type { ChangeFeed } from '../shared-state/shared-database';
import { CommandParams } from './command-params';
import type { CommandQuery, CommandStore } from './command-store';

/**
 * Hands a command to the broker (wired by the composition root). `written`: a connected session
 * of the device had it written to its socket; `kept`: a persistent session holds it until the
 * device's PUBACK (reported through `taken`), or no session of the device follows its commands.
 */
export type CommandSender = (deviceId: string, message: CommandMessage) => Promise<'written' | 'kept'>;

export interface CommandOrder {
  readonly name: string;
  readonly params: Record<string, unknown>;
  readonly ttlS: number;
  /** Who sends it: a token name and role. */
  readonly createdBy: string;
}

export interface CommandsOptions {
  readonly clock: Clock;
  readonly kinds: KindLookup;
  readonly registry: Pick<DeviceRegistry, 'get' | 'list'>;
}

export interface CommandsEvents {
  /** The expiry tick could not record the expiry of a command (the store failed); the next tick tries again. */
  expiryFailed: [error: Error];
}

const validResult = new Ajv({ strict: false }).compile<CommandResult>(CommandResultSchema);
const invalidResult = 'KENDALI_ERR_COMMAND_RESULT_INVALID' satisfies RejectionCode;

/**
 * Commands to devices: checked against the device's profile, stored, sent at QoS1, and followed
 * until the device answers or the command's time to live runs out.
 *
 * Aedes keeps undelivered QoS1 messages of persistent sessions in memory only, so a restart loses
 * them. Every command still waiting is therefore sent again whenever its device subscribes to its
 * commands topic (after a restart, or a clean session's reconnect); a device may see a command more
 * than once and acts once per id.
 *
 * Nodes that share the store (PostgreSQL) share the commands: any of them records a device's answer
 * to a command another issued, and each follows the others' waiting commands, so they expire even
 * when the node that issued them is gone. The store records a new state only over one that allows
 * it, so an answer and an expiry, or two nodes' expiries, settle a command once.
 */
export class Commands extends EventEmitter<CommandsEvents> {
  /** Commands not yet answered or expired, by id. */
  readonly #waiting = new Map<string, Command>();
  readonly #params = new CommandParams();
  readonly #writes = new KeyedWrites();
  #sender: CommandSender | undefined;
  #timer: NodeJS.Timeout | undefined;

  private constructor(
    private readonly store: CommandStore,
    private readonly options: CommandsOptions,
  ) {
    super();
  }

  /** The commands in `store`; `changes` tells of those other nodes issued or settled. */
  static async open(store: CommandStore, options: CommandsOptions, changes?: ChangeFeed): Promise<Commands> {
    const commands = new Commands(store, options);
    await followTable(changes, 'commands', () => commands.#reloadAll(), (id) => commands.#reloadOne(id));
    return commands;
  }

  /** From now on commands go out through `sender`; until then they wait, queued. */
  deliverThrough(sender: CommandSender): void {
    this.#sender = sender;
  }

  /** Checks, stores and sends one command to one device. */
  async send(deviceId: string, order: CommandOrder): Promise<Command> {
    const device = this.options.registry.get(deviceId);
    if (device === undefined) throw new IngestError('KENDALI_ERR_DEVICE_NOT_FOUND', `No device with id "${deviceId}" is registered.`);
    const [command] = await this.#sendAll([device], order);
    return command!;
  }

  /** The same command to every device the selector picks: checked for all before any is stored or sent. */
  async sendToGroup(selector: CommandSelector, order: CommandOrder): Promise<Command[]> {
    return this.#sendAll(this.#select(selector), order);
  }

  get(id: string): Promise<Command | undefined> {
    return this.store.get(id);
  }

  query(query: CommandQuery): Promise<Command[]> {
    return this.store.query(query);
  }

  /** The device acknowledged (PUBACK) the command. */
  async taken(deviceId: string, commandId: string): Promise<void> {
    const command = this.#waiting.get(commandId);
    if (command?.deviceId !== deviceId || command.state !== 'queued') return;
    await this.#change({ ...command, state: 'sent', sentAt: this.options.clock.now() });
  }

  /**
   * A device's answer on its commands/result topic. Resolves once recorded, or with the reason it
   * was not (unreadable, or naming no command of this device that still waits). An answer repeated
   * after it was recorded is taken again without effect (QoS1 may deliver it twice).
   */
  async acceptResult(deviceId: string, payload: Buffer): Promise<{ code: typeof invalidResult; message: string } | null> {
    let result: unknown;
    try {
      result = JSON.parse(payload.toString('utf8'));
    } catch {
      return { code: invalidResult, message: 'the command result is not JSON; send {"id": "<command id>", "ok": true|false, "detail": "..."}' };
    }
    if (!validResult(result)) {
      const error = validResult.errors?.[0];
      return { code: invalidResult, message: `the command result ${error ? `${error.instancePath || '/'} ${error.message ?? 'is invalid'}` : 'is invalid'}; send {"id", "ok", "detail"?}` };
    }
    let command = this.#waiting.get(result.id);
    if (command?.deviceId !== deviceId) command = await this.store.get(result.id); // settled, or issued by another node
    if (command?.deviceId !== deviceId) return { code: invalidResult, message: `no command "${result.id}" was sent to device "${deviceId}"` };
    if (!isCommandSettled(command.state)) {
      const now = this.options.clock.now();
      command = await this.#change({ ...command, state: result.ok ? 'done' : 'failed', sentAt: command.sentAt ?? now, doneAt: now, detail: result.detail ?? null });
    }
    if (command.state === 'expired') return { code: invalidResult, message: `command "${result.id}" expired before its answer came (${command.detail ?? 'time to live passed'})` };
    return null; // recorded now, or answered already: a copy of the same answer
  }

  /** Sends again every command still waiting for this device (it has just subscribed to its commands topic). */
  async resend(deviceId: string): Promise<void> {
    const now = this.options.clock.now();
    const waiting = [...this.#waiting.values()].filter((c) => c.deviceId === deviceId && c.expiresAt > now);
    await Promise.all(waiting.map((command) => this.#publish(command)));
  }

  /** Expires every waiting command whose time to live has passed at `nowMs`. */
  async expire(nowMs: number): Promise<void> {
    const due = [...this.#waiting.values()].filter((command) => command.expiresAt <= nowMs);
    for (const { id } of due) {
      const command = this.#waiting.get(id);
      if (command === undefined) continue; // answered meanwhile, here or on another node
      const ttlS = Math.round((command.expiresAt - command.createdAt) / 1000);
      await this.#change({ ...command, state: 'expired', doneAt: nowMs, detail: `no answer within ${ttlS} s` });
    }
  }

  /** Checks for expired commands every `tickMs` (default 1 s); a store that failed is tried again next tick. */
  start(tickMs = 1_000): void {
    const failed = (error: unknown) => this.emit('expiryFailed', error instanceof Error ? error : new Error(String(error)));
    this.#timer ??= setInterval(() => void this.expire(this.options.clock.now()).catch(failed), tickMs);
  }

  stop(): void {
    clearInterval(this.#timer);
    this.#timer = undefined;
  }

  async #sendAll(devices: readonly Device[], order: CommandOrder): Promise<Command[]> {
    for (const device of devices) this.#params.check(requireKind(this.options.kinds, device.kind), order.name, order.params);
    const now = this.options.clock.now();
    const commands: Command[] = devices.map((device) => ({
      id: randomUUID(),
      deviceId: device.id,
      kind: device.kind,
      name: order.name,
      params: order.params,
      state: 'queued',
      createdAt: now,
      createdBy: order.createdBy,
      sentAt: null,
      doneAt: null,
      expiresAt: now + order.ttlS * 1000,
      detail: null,
    }));
    await this.#writes.writeAll(
      commands.map((command) => command.id),
      () => this.store.insert(commands),
    );
    for (const command of commands) this.#waiting.set(command.id, command);
    return Promise.all(commands.map((command) => this.#publish(command)));
  }

  /** Publishes a waiting command; one written to a connected clean session counts as sent (its PUBACK cannot be seen). */
  async #publish(command: Command): Promise<Command> {
    if (this.#sender === undefined) return command;
    const outcome = await this.#sender(command.deviceId, { id: command.id, name: command.name, params: command.params, expiresAt: command.expiresAt });
    const current = this.#waiting.get(command.id);
    if (outcome === 'written' && current?.state === 'queued') return this.#change({ ...current, state: 'sent', sentAt: this.options.clock.now() });
    return current ?? command;
  }

  /** Records the command's new state; resolves with it, or, when the stored state did not allow it (another node settled it), with the stored command. */
  async #change(command: Command): Promise<Command> {
    const current = await this.#writes.write(command.id, async () => ((await this.store.update(command)) ? command : await this.store.get(command.id)));
    this.#hold(current ?? command);
    return current ?? command;
  }

  #hold(command: Command): void {
    if (isCommandSettled(command.state)) this.#waiting.delete(command.id);
    else this.#waiting.set(command.id, command);
  }

  async #reloadAll(): Promise<void> {
    const waiting = await this.store.waiting();
    this.#waiting.clear();
    for (const command of waiting) this.#waiting.set(command.id, command);
  }

  async #reloadOne(id: string): Promise<void> {
    const read = await this.#writes.read(id, () => this.store.get(id));
    if (read === null) return; // this node wrote it meanwhile: that write's own notice reads it again
    if (read.row === undefined) this.#waiting.delete(id);
    else this.#hold(read.row);
  }

  #select(selector: CommandSelector): Device[] {
    if (selector.deviceIds !== undefined) {
      const unknown = selector.deviceIds.filter((id) => this.options.registry.get(id) === undefined);
      if (unknown.length > 0) throw new IngestError('KENDALI_ERR_DEVICE_NOT_FOUND', `No device is registered with id ${unknown.slice(0, 10).map((id) => `"${id}"`).join(', ')}${unknown.length > 10 ? ` and ${unknown.length - 10} more` : ''}.`);
    }
    const ids = selector.deviceIds === undefined ? undefined : new Set(selector.deviceIds);
    const devices = this.options.registry
      .list()
      .filter((d) => (ids === undefined || ids.has(d.id)) && (selector.kind === undefined || d.kind === selector.kind) && (selector.district === undefined || d.district === selector.district));
    if (devices.length === 0) throw new IngestError('KENDALI_ERR_COMMAND_NO_DEVICES', `No registered device matches ${JSON.stringify(selector)}.`);
    return devices;
  }
}
