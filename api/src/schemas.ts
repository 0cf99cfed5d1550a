import { Type } from 'typebox';
import { deviceKindNames, type DeviceKind } from '@kendali/contracts';

/** TypeBox schemas shared by routes: they validate requests, serialise replies and make the OpenAPI document. */
export const ErrorBody = Type.Object(
  { error: Type.Object({ code: Type.String(), message: Type.String() }) },
  { $id: 'ErrorBody', description: 'Every API error has this shape.' },
);

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

export const errorResponses = {
  400: ErrorBody,
  401: ErrorBody,
  403: ErrorBody,
  404: ErrorBody,
} as const;
