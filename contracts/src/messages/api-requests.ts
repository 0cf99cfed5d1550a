import { Type, type Static } from 'typebox';
import { alarmSeverities, alarmStates } from '../alarms';
import { Message, StringEnum } from './schema-builders';

/**
 * What clients send the API beyond devices (device.ts): query strings and bodies. A field with a
 * `default` may be left out; the API fills it in before the handler reads it, which is why it is
 * not optional in the derived type.
 */

/**
 * The latest instant the API takes, ms epoch: the last millisecond of 9999, where ISO 8601's
 * four-digit years end. Times run from the epoch (0) to here; every store holds this range.
 */
export const maxEpochMs = Date.UTC(9999, 11, 31, 23, 59, 59, 999);

/** A point in time as ms epoch, between 1970 and the end of 9999 (so no store meets a number it cannot hold). */
export const EpochMsSchema = (description: string) => Type.Integer({ minimum: 0, maximum: maxEpochMs, description: `${description}, ms epoch (1970 to 9999)` });

/** `GET /api/devices`: which devices to list. */
export const DeviceQuerySchema = Message({
  kind: Type.Optional(Type.String()),
  district: Type.Optional(Type.String()),
  q: Type.Optional(Type.String({ description: 'Text found in the id or name (any case)' })),
});
export type DeviceQuery = Static<typeof DeviceQuerySchema>;

export const aggregateFns = ['mean', 'min', 'max', 'last', 'count'] as const;
/** How the readings in one time bucket become one point. */
export type AggregateFn = (typeof aggregateFns)[number];
export const AggregateFnSchema = StringEnum<AggregateFn>(aggregateFns);

/** `GET /api/telemetry`: one field's history, raw or in buckets. */
export const TelemetryQuerySchema = Message({
  device: Type.String({ description: 'Device id' }),
  field: Type.String({ description: 'Field of the device kind, e.g. pm25 or waterLevelCm' }),
  from: Type.Optional(Type.String({ maxLength: 64, description: "Start, ms epoch or ISO 8601, 1970 to 9999; without a zone, the wall-clock time of the room's city (default: an hour before `to`)" })),
  to: Type.Optional(Type.String({ maxLength: 64, description: "End, exclusive, ms epoch or ISO 8601, 1970 to 9999; without a zone, the wall-clock time of the room's city (default: now)" })),
  every: Type.Optional(Type.String({ maxLength: 64, description: 'Bucket width such as 30s, 5m, 1h; absent = raw points' })),
  fn: StringEnum<AggregateFn>(aggregateFns, { default: 'mean', description: 'Aggregate per bucket' }),
});
export type TelemetryQuery = Static<typeof TelemetryQuerySchema>;

/** `GET /api/alarms`: which alarms to list. */
export const AlarmQuerySchema = Message({
  state: Type.Union([StringEnum(alarmStates), Type.Literal('open'), Type.Literal('all')], { default: 'open' }),
  severity: Type.Optional(StringEnum(alarmSeverities)),
  district: Type.Optional(Type.String()),
  device: Type.Optional(Type.String()),
  since: Type.Optional(EpochMsSchema('Changed at or after')),
  limit: Type.Integer({ minimum: 1, maximum: 1000, default: 200 }),
});
export type AlarmQuery = Static<typeof AlarmQuerySchema>;

/** `GET /api/alarms/handover`: the shift going on now, or the one before it. */
export const HandoverQuerySchema = Message({ shift: Type.Union([Type.Literal('previous'), Type.Literal('current')], { default: 'previous' }) });
export type HandoverQuery = Static<typeof HandoverQuerySchema>;

/** `POST /api/alarms/:id/ack`: an optional comment (who and when are recorded by the server). */
export const AlarmAcknowledgementSchema = Message({ comment: Type.Optional(Type.String({ maxLength: 1000 })) }, { additionalProperties: false });
export type AlarmAcknowledgement = Static<typeof AlarmAcknowledgementSchema>;

/** `POST /api/alarms/:id/shelve`: for how long (at most 24 h) and why. */
export const AlarmShelvingSchema = Message(
  { minutes: Type.Integer({ minimum: 1, maximum: 1440 }), reason: Type.String({ minLength: 1, maxLength: 500 }) },
  { additionalProperties: false },
);
export type AlarmShelving = Static<typeof AlarmShelvingSchema>;
