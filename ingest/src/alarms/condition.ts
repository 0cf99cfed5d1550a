import type { AlarmSeverity, AlarmType, City, Device, DeviceKindSpec, LocalizedText, Reading } from '@kendali/contracts';

/** What a rule says about one subject right now; the engine turns held conditions into alarms. */
export type Condition =
  | {
      readonly key: string;
      readonly active: true;
      readonly ruleId: string;
      readonly type: AlarmType;
      readonly severity: AlarmSeverity;
      readonly title: LocalizedText;
      readonly detail: LocalizedText;
      readonly value: number | null;
      readonly threshold: number | null;
      readonly deviceId: string | null;
      readonly district: string | null;
      /** How long it must hold before it is raised, in milliseconds. */
      readonly minDurationMs: number;
    }
  | { readonly key: string; readonly active: false };

export interface EvaluationContext {
  readonly device: Device;
  /** The device's kind as its profile says now (undefined only for a kind no profile defines any more). */
  readonly spec: DeviceKindSpec | undefined;
  /** The configured city holding the device's district (the room's own city when none does): its sun and clock. */
  readonly city: City;
  /** Whether an alarm for this key is open (so hysteresis can pick the clearing limit). */
  isOpen(key: string): boolean;
}

/** One rule type's logic. Stateful evaluators keep per-device memory (stuck values, rise rate). */
export interface ReadingEvaluator<R> {
  evaluate(rule: R, reading: Reading, context: EvaluationContext): Condition[];
}

export const text = (id: string, en: string): LocalizedText => ({ id, en });

export const cleared = (key: string): Condition => ({ key, active: false });

// Formatters are built once: toLocaleString builds one per call, which costs more than the rule itself.
const formatters = new Map<number, { id: Intl.NumberFormat; en: Intl.NumberFormat }>();

/** Number formatting in alarm texts: Indonesian decimal comma, English decimal point. */
export function formatNumber(value: number, digits = 1): LocalizedText {
  let pair = formatters.get(digits);
  if (pair === undefined) {
    pair = { id: new Intl.NumberFormat('id-ID', { maximumFractionDigits: digits }), en: new Intl.NumberFormat('en-GB', { maximumFractionDigits: digits }) };
    formatters.set(digits, pair);
  }
  return { id: pair.id.format(value), en: pair.en.format(value) };
}
