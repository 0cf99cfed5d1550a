import { Type, type Static } from 'typebox';
import { List, Message, Nullable, StringEnum } from './schema-builders';

/**
 * Commands to devices (downlink). A command is checked against the device's profile, stored, sent
 * at QoS1 on `kendali/v1/devices/{id}/commands` and answered by the device on `.../commands/result`.
 *
 *   queued ─▶ sent ─▶ done | failed
 *      └────────┴──▶ expired (no answer within its time to live)
 */
export const commandStates = ['queued', 'sent', 'done', 'failed', 'expired'] as const;
export type CommandState = (typeof commandStates)[number];

/** A command no longer waits for anything. */
export const isCommandSettled = (state: CommandState) => state === 'done' || state === 'failed' || state === 'expired';

export const defaultCommandTtlS = 3_600; // 1 hour
export const maxCommandTtlS = 7 * 86_400; // 7 days

const CommandName = Type.String({ pattern: '^[a-z][a-z0-9-]{0,63}$', description: 'A command of the device kind, e.g. set-interval' });
const CommandParams = Type.Record(Type.String(), Type.Unknown(), { description: "The command's parameters, checked against its JSON Schema in the device profile" });
const CommandTtlS = Type.Integer({
  minimum: 1,
  maximum: maxCommandTtlS,
  default: defaultCommandTtlS,
  description: `Seconds the command may wait for the device's answer before it expires (default ${defaultCommandTtlS}, at most ${maxCommandTtlS}: 7 days)`,
});

/** `POST /api/devices/{id}/commands`: one command to one device. */
export const CommandRequestSchema = Message({
  name: CommandName,
  params: CommandParams,
  ttlS: CommandTtlS,
});
export type CommandRequest = Static<typeof CommandRequestSchema>;

/** Which devices a group command goes to: every condition given must hold; at least one is needed. */
export const CommandSelectorSchema = Message(
  {
    deviceIds: Type.Optional(List(Type.String({ maxLength: 64 }), { minItems: 1, maxItems: 10_000 })),
    kind: Type.Optional(Type.String({ maxLength: 64 })),
    district: Type.Optional(Type.String({ maxLength: 200 })),
  },
  { minProperties: 1 },
);
export type CommandSelector = Static<typeof CommandSelectorSchema>;

/** `POST /api/commands`: the same command to every device the selector picks. */
export const GroupCommandRequestSchema = Message({
  selector: CommandSelectorSchema,
  name: CommandName,
  params: CommandParams,
  ttlS: CommandTtlS,
});
export type GroupCommandRequest = Static<typeof GroupCommandRequestSchema>;

/** One command and where it stands. Times are ms epoch, as alarms' are. */
export const CommandSchema = Message({
  id: Type.String(),
  deviceId: Type.String(),
  kind: Type.String(),
  name: Type.String(),
  params: CommandParams,
  state: StringEnum(commandStates),
  createdAt: Type.Number(),
  /** Who sent it: a token name and role. */
  createdBy: Type.String(),
  /** When the device took it (its PUBACK), or when it was published to a connected session. */
  sentAt: Nullable(Type.Number()),
  /** When its answer came, or when it expired. */
  doneAt: Nullable(Type.Number()),
  expiresAt: Type.Number(),
  /** The device's detail on its answer, or why it expired. */
  detail: Nullable(Type.String()),
});
export type Command = Static<typeof CommandSchema>;

/** `GET /api/commands`: which commands to list, newest first. */
export const CommandQuerySchema = Message({
  device: Type.Optional(Type.String({ maxLength: 64, description: 'Device id' })),
  state: Type.Optional(StringEnum(commandStates)),
  limit: Type.Integer({ minimum: 1, maximum: 1000, default: 100 }),
});
export type CommandQuery = Static<typeof CommandQuerySchema>;

/** What a device receives on its commands topic. Commands may arrive twice (QoS1, resent on reconnect): act once per `id`. */
export const CommandMessageSchema = Message({
  id: Type.String(),
  name: Type.String(),
  params: CommandParams,
  /** After this time (ms epoch) the command no longer counts; an answer is not taken. */
  expiresAt: Type.Number(),
});
export type CommandMessage = Static<typeof CommandMessageSchema>;

/** What a device answers on its commands/result topic. */
export const CommandResultSchema = Message({
  id: Type.String({ minLength: 1, maxLength: 64 }),
  ok: Type.Boolean(),
  detail: Type.Optional(Type.String({ maxLength: 1000 })),
});
export type CommandResult = Static<typeof CommandResultSchema>;
