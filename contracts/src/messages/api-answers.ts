import { Type, type Static } from 'typebox';
import { alarmEventTypes } from '../alarms';
import { roles } from '../roles';
import { AlarmEventSchema, AlarmSchema, LocalizedTextSchema } from './alarm';
import { CitySchema } from '../cities/city-schema';
import { AggregateFnSchema } from './api-requests';
import { DeviceCredentialSchema } from './device';
import { HistoryTierSchema } from './rollups';
import { Counts, List, Message, Nullable, StringEnum } from './schema-builders';

/** Shapes of API answers beyond devices, readings, alarms and live frames. */

/** The one JSON shape every API error has. */
export const ApiErrorBodySchema = Message(
  { error: Message({ code: Type.String({ description: 'Stable code, e.g. KENDALI_ERR_REQUEST_INVALID' }), message: Type.String() }) },
  { description: 'Every API error has this shape.' },
);
export type ApiErrorBody = Static<typeof ApiErrorBodySchema>;

/** `GET /api/info`: where devices connect, for copy-paste examples. */
export const PlatformInfoSchema = Message({
  mqtt: Message({ host: Type.String(), tcpPort: Type.Integer(), tlsPort: Nullable(Type.Integer()), webSocketPath: Type.String() }),
  version: Type.String(),
});
export type PlatformInfo = Static<typeof PlatformInfoSchema>;

/**
 * Who owns the admin token of `KENDALI_ADMIN_TOKEN` and the first-run tokens: the platform itself,
 * not a person (no username can take this form, so no account can claim them).
 */
export const systemOwner = '@system';

/** An API token as listed (the token itself is shown once, at creation). */
export const ApiTokenSchema = Message({
  id: Type.String(),
  name: Type.String(),
  /** The role it acts with now: the one given at creation, never above its owner's role of today. */
  role: StringEnum(roles),
  createdAt: Type.String(),
  revoked: Type.Boolean(),
  owner: Type.String({ description: `Whose it is: a username, or "${systemOwner}" for KENDALI_ADMIN_TOKEN and the first-run tokens` }),
  expiresAt: Nullable(Type.String({ description: 'ISO 8601; null: it does not expire' })),
});
export type ApiToken = Static<typeof ApiTokenSchema>;

/** `POST /api/tokens`: the new token's record and, this once, the token itself. */
export const IssuedApiTokenSchema = Message({ ...ApiTokenSchema.properties, token: Type.String() });
export type IssuedApiToken = Static<typeof IssuedApiTokenSchema>;

/** `POST /api/tokens` body. */
export const ApiTokenRequestSchema = Message(
  {
    name: Type.String({ minLength: 1, maxLength: 100 }),
    role: StringEnum(roles, { description: "At most the role of whoever creates it (and of its owner, the person it belongs to)" }),
    expiresAt: Type.Optional(Type.String({ format: 'date-time', description: 'ISO 8601 with a zone, in the future; absent: it does not expire' })),
  },
  { additionalProperties: false },
);
export type ApiTokenRequest = Static<typeof ApiTokenRequestSchema>;

/** A row of a bulk import that cannot be stored. */
export const ImportProblemSchema = Message({
  /** Line in the CSV file (the header is line 1), or position in the JSON array counted from 1. */
  line: Type.Integer(),
  id: Nullable(Type.String()),
  message: Type.String(),
});
export type ImportProblem = Static<typeof ImportProblemSchema>;

/** `POST /api/devices/import` answer, on 200 and on 400 alike. */
export const ImportReportSchema = Message({
  dryRun: Type.Boolean(),
  valid: Type.Integer({ description: 'Rows without problems' }),
  toCreate: List(Type.String()),
  toUpdate: List(Type.String()),
  problems: List(ImportProblemSchema),
  credentials: List(DeviceCredentialSchema, { description: 'Secrets of created devices, shown this once' }),
});
export type ImportReport = Static<typeof ImportReportSchema>;

/** Why one message (or one item of a batch) was not stored, in words an engineer can act on. */
export const RejectionSummarySchema = Message({ code: Type.String({ description: 'A stable code such as KENDALI_ERR_FIELD_RANGE' }), message: Type.String() });
export type RejectionSummary = Static<typeof RejectionSummarySchema>;

/** One rejected message of `GET /api/rejections`, and of the `rejections` event of `GET /api/devices/:id/messages`. */
export const RejectionRecordSchema = Message({
  deviceId: Type.String(),
  topic: Type.String(),
  ...RejectionSummarySchema.properties,
  /** ms epoch */
  at: Type.Number(),
});
export type RejectionRecord = Static<typeof RejectionRecordSchema>;

/** One `message` event of `GET /api/devices/:id/messages`. */
export const DeviceMessageSchema = Message({
  deviceId: Type.String(),
  topic: Type.String(),
  /** ms epoch */
  at: Type.Number(),
  /** The payload as text, cut to 2 KiB. */
  payload: Type.String(),
  /** Readings stored from it. */
  stored: Type.Integer(),
  rejections: List(RejectionSummarySchema),
  /** Messages the server left out before this one (rate limit). */
  skippedBefore: Type.Integer(),
});
export type DeviceMessage = Static<typeof DeviceMessageSchema>;

/** One point of a field's history: a reading's time (or its bucket's start), ms epoch, and its value. */
export const TelemetryPointSchema = Message({ t: Type.Number(), value: Type.Union([Type.Number(), Type.Boolean(), Type.String(), Type.Null()]) });
export type TelemetryPoint = Static<typeof TelemetryPointSchema>;

/** `GET /api/telemetry`: one field's history, raw or in buckets. */
export const TelemetryHistorySchema = Message({
  device: Type.String(),
  field: Type.String(),
  unit: Nullable(Type.String()),
  fn: Nullable(AggregateFnSchema),
  everyMs: Nullable(Type.Number()),
  /** ms epoch */
  from: Type.Number(),
  to: Type.Number(),
  tier: HistoryTierSchema,
  points: List(TelemetryPointSchema),
});
export type TelemetryHistory = Static<typeof TelemetryHistorySchema>;

/** `GET /readyz` (200 or 503 alike): every part with whether it can do its job, and why not. */
export const ReadinessSchema = Message({
  ready: Type.Boolean(),
  checks: Type.Record(Type.String(), Message({ ok: Type.Boolean(), detail: Type.String() })),
});
export type Readiness = Static<typeof ReadinessSchema>;

/** An operators' shift (07-14, 14-21, 21-07 on the clock of the room's city: WIB, WITA or WIT). */
export const ShiftSchema = Message({
  name: Type.String({ description: "its bounds on the city's clock and the zone, e.g. 07:00-14:00 WITA" }),
  from: Type.Number({ description: 'ms epoch, inclusive' }),
  to: Type.Number({ description: 'ms epoch, exclusive' }),
});
export type Shift = Static<typeof ShiftSchema>;

/** `GET /api/alarms/handover`: what happened during a shift and what is still open. */
export const HandoverReportSchema = Message({
  shift: ShiftSchema,
  /** How many of each kind of change happened during the shift. */
  counts: Counts(alarmEventTypes, { description: 'Changes during the shift, by event type' }),
  /** Every change during the shift, in order, with the alarm's title. */
  events: List(Message({ ...AlarmEventSchema.properties, title: Nullable(LocalizedTextSchema) })),
  /** Alarms still open at handover, worst first; the next shift inherits them. */
  stillOpen: List(AlarmSchema, { description: 'Alarms still open at handover, worst first' }),
  /** Of those, the ones nobody acknowledged. */
  unacknowledged: Type.Integer(),
});
export type HandoverReport = Static<typeof HandoverReportSchema>;

/** `GET /api/cities`: the cities this platform serves, the first one the room's own (its clock, its shifts). */
export const CitiesAnswerSchema = Message({ cities: List(CitySchema, { minItems: 1 }) });
export type CitiesAnswer = Static<typeof CitiesAnswerSchema>;
