import { Type, type Static, type TProperties } from 'typebox';
import { alarmSeverities } from '../alarms';
import { ispuCategories } from '../ispu';
import { List, Message, StringEnum } from './schema-builders';

/**
 * The alarm rules document (a file in deploy/config, or the body of PUT /api/alarm-rules): one
 * schema validates it in the core, documents it in the API, and gives the rule types to the code.
 */

const Severity = StringEnum(alarmSeverities);
const DurationMs = Type.Integer({ minimum: 0, maximum: 7 * 86_400_000, description: 'milliseconds, at most 7 days' });
const NonNegative = Type.Number({ minimum: 0 });

/** Which devices a rule applies to; the most specific matching rule of a type (and field) wins. */
export const RuleScopeSchema = Message(
  {
    kind: Type.Optional(Type.String({ pattern: '^[a-z][a-z0-9]*(-[a-z0-9]+)*$', maxLength: 48 })),
    district: Type.Optional(Type.String({ minLength: 1 })),
    deviceId: Type.Optional(Type.String({ minLength: 1 })),
  },
  { additionalProperties: false },
);
export type RuleScope = Static<typeof RuleScopeSchema>;

const ruleBase = {
  id: Type.String({ pattern: '^[a-z0-9][a-z0-9-]{0,63}$' }),
  name: Type.String({ minLength: 1, maxLength: 200 }),
  enabled: Type.Boolean(),
  scope: RuleScopeSchema,
  /** The condition must hold this long before the alarm is raised. */
  minDurationMs: DurationMs,
};

/** A rule of one type: the common fields, then its own; nothing else is allowed. */
const Rule = <Properties extends TProperties>(properties: Properties) => Message({ ...ruleBase, ...properties }, { additionalProperties: false });

export const ThresholdRuleSchema = Rule({
  type: Type.Literal('threshold'),
  field: Type.String(),
  op: StringEnum(['above', 'below'] as const),
  limit: Type.Number(),
  /** It clears only once the value is back past limit ∓ hysteresis (no flapping). */
  hysteresis: NonNegative,
  severity: Severity,
});
export type ThresholdRule = Static<typeof ThresholdRuleSchema>;

/**
 * A string field in one of the given states (a camera `down`): alarms while the device reports one
 * of them, clears on the first reading of another.
 */
export const StateRuleSchema = Rule({
  type: Type.Literal('state'),
  field: Type.String(),
  values: List(Type.String({ minLength: 1, maxLength: 64 }), { minItems: 1, maxItems: 64, uniqueItems: true }),
  severity: Severity,
});
export type StateRule = Static<typeof StateRuleSchema>;

export const IspuRuleSchema = Rule({
  type: Type.Literal('ispu'),
  /** Alarm from this category up: tidak-sehat minor, sangat-tidak-sehat major, berbahaya critical. */
  minCategory: StringEnum(ispuCategories),
  /** Index points below the category's start at which it clears. */
  hysteresisIndex: NonNegative,
});
export type IspuRule = Static<typeof IspuRuleSchema>;

export const SiagaLevelsSchema = Message({ siaga3Cm: Type.Number(), siaga2Cm: Type.Number(), siaga1Cm: Type.Number() }, { additionalProperties: false });

export const SiagaRuleSchema = Rule({
  type: Type.Literal('siaga'),
  /** For posts without thresholds of their own (device metadata siaga3Cm/siaga2Cm/siaga1Cm or a known gate). */
  defaultThresholds: SiagaLevelsSchema,
  /** Per device overrides. */
  gates: Type.Readonly(Type.Record(Type.String(), SiagaLevelsSchema)),
  hysteresisCm: NonNegative,
  /** Rise faster than this raises a separate "water rising fast" warning; 0 = off. */
  riseCmPerHour: NonNegative,
});
export type SiagaRule = Static<typeof SiagaRuleSchema>;

export const OfflineRuleSchema = Rule({
  type: Type.Literal('offline'),
  severity: Severity,
  /** When at least this share of a district's devices (and groupMinDevices) is offline: one grouped alarm. */
  groupDistrictRatio: Type.Number({ exclusiveMinimum: 0, maximum: 1 }),
  groupMinDevices: Type.Integer({ minimum: 1 }),
});
export type OfflineRule = Static<typeof OfflineRuleSchema>;

export const StuckRuleSchema = Rule({ type: Type.Literal('stuck'), fields: List(Type.String(), { minItems: 1 }), severity: Severity });
export type StuckRule = Static<typeof StuckRuleSchema>;

export const SensorFaultRuleSchema = Rule({
  /** out-of-range: the device sent a value outside its physical range; clock-skew: its clock is off. */
  type: StringEnum(['out-of-range', 'clock-skew'] as const),
  severity: Severity,
  /** clock-skew: how far ahead of Kendali's clock a reading may be. */
  maxSkewMs: DurationMs,
});
export type SensorFaultRule = Static<typeof SensorFaultRuleSchema>;

/**
 * A lamp on in daylight or off at night, judged against the day's real sunrise and sunset at the
 * device's city, on that city's clock. Within `marginMinutes` of sunrise or sunset either state is
 * fine: photocells switch around 10-50 lux, which near the equator the sky passes within about the
 * 20 minutes of civil twilight, earlier under heavy cloud.
 */
export const StreetLightRuleSchema = Rule({
  type: Type.Literal('street-light-schedule'),
  marginMinutes: Type.Number({ minimum: 0, maximum: 180, description: 'minutes either side of sunrise and sunset in which a lamp may be on or off' }),
  severity: Severity,
});
export type StreetLightRule = Static<typeof StreetLightRuleSchema>;

export const CongestionRuleSchema = Rule({
  type: Type.Literal('congestion'),
  /** Average speed under this counts as congested too. */
  minSpeedKmh: NonNegative,
  severity: Severity,
});
export type CongestionRule = Static<typeof CongestionRuleSchema>;

/**
 * A device whose reported settings differ from the desired ones for `minDurationMs` (the drift
 * bound); it clears once the device reports the desired values.
 */
export const SettingsDriftRuleSchema = Rule({ type: Type.Literal('settings-drift'), severity: Severity });
export type SettingsDriftRule = Static<typeof SettingsDriftRuleSchema>;

export const AlarmRuleSchema = Type.Union([
  ThresholdRuleSchema,
  StateRuleSchema,
  IspuRuleSchema,
  SiagaRuleSchema,
  OfflineRuleSchema,
  StuckRuleSchema,
  SensorFaultRuleSchema,
  StreetLightRuleSchema,
  CongestionRuleSchema,
  SettingsDriftRuleSchema,
]);
export type AlarmRule = Static<typeof AlarmRuleSchema>;

/** The rules document as sent: `version` is set by the store when it keeps a new one. */
export const AlarmRulesInputSchema = Message(
  { version: Type.Optional(Type.Integer({ minimum: 0 })), rules: List(AlarmRuleSchema, { maxItems: 1000 }) },
  { additionalProperties: false, description: 'The rules document and its version' },
);
export type AlarmRulesInput = Static<typeof AlarmRulesInputSchema>;

/** The rules document as kept and in force. */
export type AlarmRulesDocument = AlarmRulesInput & { readonly version: number };
