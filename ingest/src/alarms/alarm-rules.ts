import type { AlarmSeverity, DeviceKind, IspuCategory } from '@kendali/contracts';

/** Which devices a rule applies to; the most specific matching rule of a type (and field) wins. */
export interface RuleScope {
  readonly kind?: DeviceKind;
  readonly district?: string;
  readonly deviceId?: string;
}

interface RuleBase {
  readonly id: string;
  readonly name: string;
  readonly enabled: boolean;
  readonly scope: RuleScope;
  /** The condition must hold this long before the alarm is raised, in milliseconds. */
  readonly minDurationMs: number;
}

export interface ThresholdRule extends RuleBase {
  readonly type: 'threshold';
  readonly field: string;
  readonly op: 'above' | 'below';
  readonly limit: number;
  /** It clears only once the value is back past limit ∓ hysteresis (no flapping). */
  readonly hysteresis: number;
  readonly severity: AlarmSeverity;
}

export interface IspuRule extends RuleBase {
  readonly type: 'ispu';
  /** Alarm from this category up: severity by category (tidak-sehat minor, sangat-tidak-sehat major, berbahaya critical). */
  readonly minCategory: IspuCategory;
  /** Index points below the category's start at which it clears. */
  readonly hysteresisIndex: number;
}

export interface SiagaThresholds {
  readonly siaga3Cm: number;
  readonly siaga2Cm: number;
  readonly siaga1Cm: number;
}

export interface SiagaRule extends RuleBase {
  readonly type: 'siaga';
  /** For posts without thresholds of their own (device metadata siaga3Cm/siaga2Cm/siaga1Cm or a known gate). */
  readonly defaultThresholds: SiagaThresholds;
  /** Per device overrides. */
  readonly gates: Readonly<Record<string, SiagaThresholds>>;
  readonly hysteresisCm: number;
  /** Rise faster than this raises a separate "water rising fast" warning; 0 = off. */
  readonly riseCmPerHour: number;
}

export interface OfflineRule extends RuleBase {
  readonly type: 'offline';
  readonly severity: AlarmSeverity;
  /** When at least this share of a district's devices (and groupMinDevices) is offline: one grouped alarm. */
  readonly groupDistrictRatio: number;
  readonly groupMinDevices: number;
}

export interface StuckRule extends RuleBase {
  readonly type: 'stuck';
  readonly fields: readonly string[];
  readonly severity: AlarmSeverity;
}

export interface SensorFaultRule extends RuleBase {
  /** out-of-range: the device sent a value outside its physical range; clock-skew: its clock is off. */
  readonly type: 'out-of-range' | 'clock-skew';
  readonly severity: AlarmSeverity;
  /** clock-skew: how far ahead of Kendali's clock a reading may be. */
  readonly maxSkewMs: number;
}

export interface StreetLightRule extends RuleBase {
  readonly type: 'street-light-schedule';
  /** Hours of the city's day (0-24, WIB in Kota Tangerang) between which a lamp should be off / on. */
  readonly dayStartHour: number;
  readonly dayEndHour: number;
  readonly nightStartHour: number;
  readonly nightEndHour: number;
  readonly severity: AlarmSeverity;
}

export interface CongestionRule extends RuleBase {
  readonly type: 'congestion';
  /** Average speed under this counts as congested too. */
  readonly minSpeedKmh: number;
  readonly severity: AlarmSeverity;
}

export type AlarmRule = ThresholdRule | IspuRule | SiagaRule | OfflineRule | StuckRule | SensorFaultRule | StreetLightRule | CongestionRule;

/** The versioned rules document (a file in deploy/config, or the API's PUT /api/alarm-rules). */
export interface AlarmRulesDocument {
  readonly version: number;
  readonly rules: readonly AlarmRule[];
}
