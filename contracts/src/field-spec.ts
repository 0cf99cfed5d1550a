import type { Labels, ProfileCommand, ProfileSetting } from './profiles/profile-schema';
import type { AlarmRule } from './messages/alarm-rules';
import type { Quantity, Theme } from './quantities';
import { aggregateFns, type AggregateFn } from './messages/api-requests';

/** How one telemetry field of a device kind is typed, measured and bounded. */
export type FieldType = 'number' | 'integer' | 'boolean' | 'string';

export interface FieldSpec {
  readonly type: FieldType;
  /** Unit symbol shown to people (SI or the one the domain uses, e.g. µg/m³, cm). */
  readonly unit?: string;
  /** SenML unit (RFC 8428 §12.1) a SenML record must carry for this field, where one exists. */
  readonly senmlUnit?: string;
  /** Smallest physically plausible value; anything below is rejected. */
  readonly min?: number;
  /** Largest physically plausible value; anything above is rejected. */
  readonly max?: number;
  /** A typical value, for publish examples. */
  readonly example?: number | boolean | string;
  /** What it measures for the domain code (ISPU pollutant, water level, …). */
  readonly quantity?: Quantity;
  /** The values a string field may take, and only those. */
  readonly values?: readonly string[];
  /** How people read a string field's values, where the profile says (a value without one shows as sent). */
  readonly valueLabels?: Readonly<Record<string, Labels>>;
  readonly labels?: Labels;
  readonly description: string;
}

/** A reading's value of one field: a number, a boolean for switches, or one of a string field's values. */
export type FieldValue = number | boolean | string;

/** A kind as the code uses it: its profile compiled (intervals in ms, required fields listed). */
export interface DeviceKindSpec {
  readonly kind: string;
  /** The profile version this was compiled from. */
  readonly version: number;
  readonly label: Labels;
  /** The wall scene the kind belongs to: the profile's, else its first quantity's; null when neither says. */
  readonly theme: Theme | null;
  /** How an offline alarm's title calls its device (`Wi-Fi mati`); the label and "offline" when absent. */
  readonly offlineLabels?: Labels;
  /** How often a healthy device of this kind reports, in milliseconds. */
  readonly expectedIntervalMs: number;
  /** Fields a message of this kind must carry. */
  readonly required: readonly string[];
  readonly fields: Readonly<Record<string, FieldSpec>>;
  /** The field shown on the wall and in lists. */
  readonly headline: string;
  readonly commands: Readonly<Record<string, ProfileCommand>>;
  readonly settings: Readonly<Record<string, ProfileSetting>>;
  /** Alarm rules every device of the kind gets, scoped to it. */
  readonly rules: readonly AlarmRule[];
}

/** True for fields whose values are numbers (charted, rolled up, compared with limits). */
export const isNumericField = (field: FieldSpec): boolean => field.type === 'number' || field.type === 'integer';

/** The aggregates a string field answers to: its values have no mean, minimum or maximum. */
export const stringFieldAggregates: readonly AggregateFn[] = ['last', 'count'];

/** Aggregates a field's values answer to. */
export const aggregatesOf = (field: FieldSpec): readonly AggregateFn[] => (field.type === 'string' ? stringFieldAggregates : aggregateFns);

/** How people read a string field's value in a language: its label, or the value as sent. */
export const valueLabel = (field: FieldSpec | undefined, value: string, language: keyof Labels): string => field?.valueLabels?.[value]?.[language] ?? value;
