import { Type, type Static } from 'typebox';
import { AlarmRuleSchema } from '../messages/alarm-rules';
import { List, Message, StringEnum } from '../messages/schema-builders';
import { quantities, themes } from '../quantities';

/**
 * A device profile: everything Kendali knows about one kind of device, as a document an engineer
 * writes (`PUT /api/kinds/{kind}`) or the repository ships (`contracts/profiles/<kind>.json`).
 * Ingest validates messages with it, stores lay out their columns from it, alarms take their
 * default rules from it and the dashboard labels and charts by it.
 */

/** A kind id: also a table-name segment (`telemetry_<kind>`) and an API path segment. */
export const kindIdPattern = '^[a-z][a-z0-9]*(-[a-z0-9]+)*$';
export const KindIdSchema = Type.String({ pattern: kindIdPattern, minLength: 2, maxLength: 48, description: 'Kind id, kebab-case (e.g. noise-level)' });

/** A field name: a JSON key, a DuckDB column and an InfluxDB field key alike. */
export const fieldNamePattern = '^[a-zA-Z][a-zA-Z0-9_]{0,62}$';

export const fieldTypes = ['number', 'integer', 'boolean', 'string'] as const;

/** One value a string field may take: a word a device sends (`down`), also an InfluxDB string and a DuckDB VARCHAR. */
export const FieldValueNameSchema = Type.String({ minLength: 1, maxLength: 64, pattern: '^[^\\u0000-\\u001f\\u007f]*$', description: 'One value of a string field: 1 to 64 characters, no control characters' });

export const LabelsSchema = Message({ id: Type.String({ minLength: 1, maxLength: 100 }), en: Type.String({ minLength: 1, maxLength: 100 }) }, { additionalProperties: false, description: 'Bahasa Indonesia and English' });
export type Labels = Static<typeof LabelsSchema>;

export const ProfileFieldSchema = Message(
  {
    type: StringEnum(fieldTypes),
    /** Unit shown to people (e.g. µg/m³, cm, dB(A)). */
    unit: Type.Optional(Type.String({ minLength: 1, maxLength: 24 })),
    /** SenML unit (RFC 8428 §12.1) a SenML record for this field must carry. */
    senmlUnit: Type.Optional(Type.String({ minLength: 1, maxLength: 24 })),
    /** Smallest plausible value (number and integer fields); anything below is rejected. */
    min: Type.Optional(Type.Number()),
    /** Largest plausible value (number and integer fields); anything above is rejected. */
    max: Type.Optional(Type.Number()),
    /** The values a string field may take, and only those (an enumeration); required for a string field. */
    values: Type.Optional(List(FieldValueNameSchema, { minItems: 1, maxItems: 64, uniqueItems: true })),
    /** How people read some or all of a string field's values (`down` → Mati / Down); a value without one shows as sent. */
    valueLabels: Type.Optional(Type.Record(Type.String({ minLength: 1, maxLength: 64 }), LabelsSchema, { maxProperties: 64 })),
    required: Type.Optional(Type.Boolean()),
    /** A typical value, for the publish examples shown to engineers; checked against the type and range. */
    example: Type.Optional(Type.Union([Type.Number(), Type.Boolean(), Type.String({ maxLength: 64 })])),
    /** What the field measures for Kendali's domain code (ISPU, Siaga, the wall's figures); checked by `checkProfile`. */
    quantity: Type.Optional(Type.String({ minLength: 1, maxLength: 48, description: `what the field measures: ${quantities.join(', ')}` })),
    labels: Type.Optional(LabelsSchema),
    description: Type.Optional(Type.String({ maxLength: 300 })),
  },
  { additionalProperties: false },
);
export type ProfileField = Static<typeof ProfileFieldSchema>;

/** A JSON Schema (draft-07, the subset Ajv compiles strictly) for a command's parameters or a setting. */
const ParameterSchema = Type.Record(Type.String(), Type.Unknown(), { description: 'JSON Schema of the parameters (an object schema)' });

export const ProfileCommandSchema = Message(
  {
    labels: Type.Optional(LabelsSchema),
    description: Type.Optional(Type.String({ maxLength: 300 })),
    params: ParameterSchema,
  },
  { additionalProperties: false },
);
export type ProfileCommand = Static<typeof ProfileCommandSchema>;

export const ProfileSettingSchema = Message(
  {
    labels: Type.Optional(LabelsSchema),
    description: Type.Optional(Type.String({ maxLength: 300 })),
    schema: ParameterSchema,
  },
  { additionalProperties: false },
);
export type ProfileSetting = Static<typeof ProfileSettingSchema>;

/** The body of `PUT /api/kinds/{kind}` and the content of a built-in profile file. */
export const DeviceProfileSchema = Message(
  {
    labels: LabelsSchema,
    description: Type.Optional(Type.String({ maxLength: 500 })),
    /** The wall scene or city pillar the kind belongs to; checked by `checkProfile`. Without it, the first quantity's. */
    theme: Type.Optional(Type.String({ minLength: 1, maxLength: 48, description: `wall scene the kind belongs to: ${themes.join(', ')}` })),
    /** How an alarm title calls a device of the kind that went offline (default: the kind's label and "offline"). */
    offlineLabels: Type.Optional(LabelsSchema),
    /** How often a healthy device of this kind reports, in seconds. */
    intervalS: Type.Integer({ minimum: 1, maximum: 7 * 86_400, description: 'seconds between reports of a healthy device' }),
    /** The field shown on the wall and in lists; defaults to the first required field. */
    headline: Type.Optional(Type.String({ pattern: fieldNamePattern })),
    // A record keyed by a pattern checks only the keys that match it: `additionalProperties` refuses the rest.
    fields: Type.Record(Type.String({ pattern: fieldNamePattern }), ProfileFieldSchema, { minProperties: 1, maxProperties: 64, additionalProperties: false }),
    /** Alarm rules every device of the kind gets (their scope's kind is this one). */
    rules: Type.Optional(List(AlarmRuleSchema, { maxItems: 50 })),
    /** Commands the kind accepts, by name, besides the built-in `set-interval`. */
    commands: Type.Optional(Type.Record(Type.String({ pattern: kindIdPattern }), ProfileCommandSchema, { maxProperties: 32, additionalProperties: false })),
    /** Desired-state settings the kind accepts, by name, besides the built-in `reportIntervalS`. */
    settings: Type.Optional(Type.Record(Type.String({ pattern: fieldNamePattern }), ProfileSettingSchema, { maxProperties: 32, additionalProperties: false })),
  },
  { additionalProperties: false },
);
export type DeviceProfile = Static<typeof DeviceProfileSchema>;

/** One version of a kind's profile as kept: who changed it, when, and what changed. */
export const StoredProfileSchema = Message({
  kind: KindIdSchema,
  version: Type.Integer({ minimum: 1 }),
  builtIn: Type.Boolean({ description: 'true for the version the repository ships' }),
  profile: DeviceProfileSchema,
  changedAt: Type.String({ description: 'ISO 8601' }),
  changedBy: Type.String({ description: 'who made this version' }),
  changes: List(Type.String(), { description: 'what changed from the previous version, one line each' }),
});
export type StoredProfile = Static<typeof StoredProfileSchema>;
