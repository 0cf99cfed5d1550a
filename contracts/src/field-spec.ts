/** How one telemetry field of a device kind is typed, measured and bounded. */
export type FieldType = 'number' | 'integer' | 'boolean';

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
  readonly description: string;
}

export type FieldValue = number | boolean;

export interface DeviceKindSpec {
  readonly kind: string;
  readonly label: { readonly id: string; readonly en: string };
  /** How often a healthy device of this kind reports, in milliseconds. */
  readonly expectedIntervalMs: number;
  /** Fields a message of this kind must carry. */
  readonly required: readonly string[];
  readonly fields: Readonly<Record<string, FieldSpec>>;
}
