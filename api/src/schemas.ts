import { Type } from 'typebox';
import { deviceKindNames, type DeviceKind } from '@kendali/contracts';
import { maxEpochMs } from './duration';

/** TypeBox schemas shared by routes: they validate requests, serialise replies and make the OpenAPI document. */
export const ErrorBody = Type.Object(
  { error: Type.Object({ code: Type.String({ description: 'Stable code, e.g. KENDALI_ERR_REQUEST_INVALID' }), message: Type.String() }) },
  { description: 'Every API error has this shape.' },
);

/** An error answer of one route, described by what it means there: `404: errorAnswer('No device with that id')`. */
export const errorAnswer = (description: string) => Type.Object(ErrorBody.properties, { description });

/** One of the string literals given, typed as their union. */
export const StringEnum = <T extends string>(values: readonly T[], options: Record<string, unknown> = {}) =>
  Type.Unsafe<T>({ type: 'string', enum: [...values], ...options });

export const DeviceKindSchema = StringEnum<DeviceKind>(deviceKindNames);

export const FieldValues = Type.Record(Type.String(), Type.Union([Type.Number(), Type.Boolean()]));

export const ReadingSchema = Type.Object({
  deviceId: Type.String(),
  kind: DeviceKindSchema,
  district: Type.String(),
  ts: Type.Number({ description: 'When the device measured, ms epoch' }),
  receivedAt: Type.Number({ description: 'When Kendali accepted it, ms epoch' }),
  fields: FieldValues,
});

export const MetadataSchema = Type.Record(Type.String(), Type.Union([Type.String(), Type.Number(), Type.Boolean()]));

export const DeviceSchema = Type.Object({
  id: Type.String(),
  kind: DeviceKindSchema,
  name: Type.String(),
  district: Type.String(),
  lat: Type.Union([Type.Number(), Type.Null()]),
  lon: Type.Union([Type.Number(), Type.Null()]),
  enabled: Type.Boolean(),
  installDate: Type.Union([Type.String({ description: 'YYYY-MM-DD' }), Type.Null()]),
  metadata: MetadataSchema,
  createdAt: Type.String({ description: 'ISO 8601' }),
  credentialSetAt: Type.Union([Type.String({ description: 'ISO 8601' }), Type.Null()]),
});

export const DeviceWithSecretSchema = Type.Object({
  ...DeviceSchema.properties,
  secret: Type.String({ description: 'The MQTT password of the device (username = device id). Shown this once.' }),
});

export const DeviceStatusSchema = Type.Object({
  ...DeviceSchema.properties,
  state: Type.Union([Type.Literal('online'), Type.Literal('offline'), Type.Literal('unknown')]),
  lastSeen: Type.Union([Type.Number(), Type.Null()], { description: 'Last time anything was heard, ms epoch' }),
  latest: Type.Union([ReadingSchema, Type.Null()]),
});

export const DeviceInputSchema = Type.Object(
  {
    kind: DeviceKindSchema,
    name: Type.String({ minLength: 1, maxLength: 200 }),
    district: Type.String({ minLength: 1, maxLength: 100 }),
    lat: Type.Optional(Type.Union([Type.Number({ minimum: -90, maximum: 90 }), Type.Null()])),
    lon: Type.Optional(Type.Union([Type.Number({ minimum: -180, maximum: 180 }), Type.Null()])),
    enabled: Type.Optional(Type.Boolean()),
    installDate: Type.Optional(Type.Union([Type.String({ format: 'date' }), Type.Null()])),
    metadata: Type.Optional(MetadataSchema),
  },
  { additionalProperties: false },
);

export const DeviceIdParams = Type.Object({
  id: Type.String({ pattern: '^[A-Za-z0-9][A-Za-z0-9._-]{0,63}$', description: 'Device id (also its MQTT topic segment)' }),
});

/** A point in time as ms epoch, between 1970 and the end of 9999 (so no store meets a number it cannot hold). */
export const EpochMs = (description: string) => Type.Integer({ minimum: 0, maximum: maxEpochMs, description: `${description}, ms epoch (1970 to 9999)` });
