import { Type, type Static } from 'typebox';
import { KindIdSchema } from '../profiles/profile-schema';
import { Message } from './schema-builders';

/** A device kind: any kind a profile defines (`GET /api/kinds` lists them). */
export const DeviceKindSchema = KindIdSchema;

/** Field values of one reading by field name: numbers, booleans for switches, or one of a string field's values. */
export const FieldValuesSchema = Type.Record(Type.String(), Type.Union([Type.Number(), Type.Boolean(), Type.String()]));

/** One validated measurement of one device at one instant. */
export const ReadingSchema = Message({
  deviceId: Type.String(),
  kind: DeviceKindSchema,
  district: Type.String(),
  /** When the device measured, milliseconds since the Unix epoch (UTC). */
  ts: Type.Number({ description: 'When the device measured, ms epoch' }),
  /** When Kendali accepted it, milliseconds since the Unix epoch (UTC). */
  receivedAt: Type.Number({ description: 'When Kendali accepted it, ms epoch' }),
  fields: FieldValuesSchema,
});
export type Reading = Static<typeof ReadingSchema>;
