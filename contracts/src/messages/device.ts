import { Type, type Static } from 'typebox';
import { DeviceKindSchema, ReadingSchema } from './reading';
import { Message, Nullable } from './schema-builders';

/** A device id: also its MQTT username and topic segment. */
export const DeviceIdSchema = Type.String({ pattern: '^[A-Za-z0-9][A-Za-z0-9._-]{0,63}$', description: 'Device id (also its MQTT topic segment)' });

export const DeviceMetadataValueSchema = Type.Union([Type.String(), Type.Number(), Type.Boolean()]);
export type DeviceMetadataValue = Static<typeof DeviceMetadataValueSchema>;

/** Free-form facts an engineer keeps about a device (firmware, mount height, gate, …). */
export const DeviceMetadataSchema = Type.Record(Type.String(), DeviceMetadataValueSchema);

/** A registered device as the API shows it. */
export const DeviceSchema = Message({
  id: Type.String(),
  kind: DeviceKindSchema,
  name: Type.String(),
  district: Type.String(),
  lat: Nullable(Type.Number()),
  lon: Nullable(Type.Number()),
  enabled: Type.Boolean(),
  /** Date the device was installed in the field (YYYY-MM-DD), if known. */
  installDate: Nullable(Type.String({ description: 'YYYY-MM-DD' })),
  metadata: DeviceMetadataSchema,
  /** ISO 8601 time the device was registered. */
  createdAt: Type.String({ description: 'ISO 8601' }),
  /** ISO 8601 time its secret was last set, or null if it has none (it cannot connect). */
  credentialSetAt: Nullable(Type.String({ description: 'ISO 8601' })),
});
export type Device = Static<typeof DeviceSchema>;

/** What a client may send to register or update a device. */
export const DeviceInputSchema = Message(
  {
    kind: DeviceKindSchema,
    name: Type.String({ minLength: 1, maxLength: 200 }),
    district: Type.String({ minLength: 1, maxLength: 100 }),
    lat: Type.Optional(Nullable(Type.Number({ minimum: -90, maximum: 90 }))),
    lon: Type.Optional(Nullable(Type.Number({ minimum: -180, maximum: 180 }))),
    enabled: Type.Optional(Type.Boolean()),
    installDate: Type.Optional(Nullable(Type.String({ format: 'date' }))),
    metadata: Type.Optional(DeviceMetadataSchema),
  },
  { additionalProperties: false },
);
export type DeviceInput = Static<typeof DeviceInputSchema>;

/** Body of `POST /api/devices`: the new device's id and its description. */
export const DeviceRegistrationSchema = Message({ id: DeviceIdSchema, ...DeviceInputSchema.properties }, { additionalProperties: false });
export type DeviceRegistration = Static<typeof DeviceRegistrationSchema>;

/** A device as created: its secret is shown this once and stored only as a hash. */
export const DeviceWithSecretSchema = Message({
  ...DeviceSchema.properties,
  secret: Type.String({ description: 'The MQTT password of the device (username = device id). Shown this once.' }),
});
export type DeviceWithSecret = Static<typeof DeviceWithSecretSchema>;

export const ConnectionStateSchema = Type.Union([Type.Literal('online'), Type.Literal('offline'), Type.Literal('unknown')]);
export type ConnectionState = Static<typeof ConnectionStateSchema>;

/** A device with its live condition. */
export const DeviceStatusSchema = Message({
  ...DeviceSchema.properties,
  state: ConnectionStateSchema,
  /** Last time anything was heard from the device, ms epoch, or null if never. */
  lastSeen: Nullable(Type.Number(), { description: 'Last time anything was heard, ms epoch' }),
  latest: Nullable(ReadingSchema),
});
export type DeviceStatus = Static<typeof DeviceStatusSchema>;

/** A device secret, shown once (create, rotate, import). */
export const DeviceCredentialSchema = Message({ id: Type.String(), secret: Type.String() });
export type DeviceCredential = Static<typeof DeviceCredentialSchema>;

/** A device that connected with the provisioning key in discovery mode and awaits an engineer. */
export const PendingDeviceSchema = Message({
  id: Type.String(),
  /** ms epoch */
  firstSeen: Type.Number(),
  lastSeen: Type.Number(),
  remoteAddress: Type.String(),
  attempts: Type.Integer(),
});
export type PendingDevice = Static<typeof PendingDeviceSchema>;
