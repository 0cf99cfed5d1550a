import { Type, type Static } from 'typebox';
import { deviceKindNames, type DeviceKind } from '../device-kinds';
import { Message, StringEnum } from './schema-builders';

export const DeviceKindSchema = StringEnum<DeviceKind>(deviceKindNames);

/** Field values of one reading by field name: numbers, or booleans for switches. */
export const FieldValuesSchema = Type.Record(Type.String(), Type.Union([Type.Number(), Type.Boolean()]));

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
