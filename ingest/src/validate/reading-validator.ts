import { Ajv, type ErrorObject, type ValidateFunction } from 'ajv';
import { builtInKinds, requireKind, type DeviceKind, type DeviceKindSpec, type FieldValue, type KindLookup, type RejectionCode } from '@kendali/contracts';
import { reject, type Rejection } from '../rejection';
import { kindJsonSchema } from './kind-schema';
import { resolveTimestamp, type TimestampLimits } from './timestamp';

export type ValidationResult =
  | { readonly ok: true; readonly ts: number; readonly fields: Record<string, FieldValue> }
  | { readonly ok: false; readonly rejection: Rejection };

/** Validates decoded records against their device kind's contract (types, ranges, required and unknown fields, ts). */
export class ReadingValidator {
  /** Compiled once per kind and profile version: a new version is compiled on its first message. */
  readonly #validators = new Map<DeviceKind, { readonly spec: DeviceKindSpec; readonly validate: ValidateFunction }>();
  readonly #ajv = new Ajv({ allErrors: true, strict: true, allowUnionTypes: true, verbose: true });

  constructor(
    private readonly timestampLimits: TimestampLimits,
    private readonly kinds: KindLookup = builtInKinds,
  ) {}

  #validatorOf(kind: DeviceKind): { readonly spec: DeviceKindSpec; readonly validate: ValidateFunction } {
    const spec = requireKind(this.kinds, kind);
    const known = this.#validators.get(kind);
    if (known !== undefined && known.spec === spec) return known;
    const compiled = { spec, validate: this.#ajv.compile(kindJsonSchema(spec)) };
    this.#validators.set(kind, compiled);
    return compiled;
  }

  validate(kind: DeviceKind, record: Record<string, unknown>, nowMs: number): ValidationResult {
    const { spec, validate: validator } = this.#validatorOf(kind);
    if (!validator(record)) {
      return { ok: false, rejection: describeErrors(spec, validator.errors ?? []) };
    }
    const time = resolveTimestamp(record.ts, nowMs, this.timestampLimits);
    if (!time.ok) return time;
    const fields: Record<string, FieldValue> = {};
    let fieldCount = 0; // counted here rather than with Object.keys, which allocates per reading
    for (const key in record) {
      if (key === 'ts') continue;
      fields[key] = record[key] as FieldValue;
      fieldCount++;
    }
    if (fieldCount === 0) {
      return { ok: false, rejection: reject('KENDALI_ERR_FIELD_MISSING', 'the message carries a timestamp but no fields') };
    }
    return { ok: true, ts: time.ts, fields };
  }
}

const codeByKeyword: Record<string, RejectionCode> = {
  additionalProperties: 'KENDALI_ERR_FIELD_UNKNOWN',
  type: 'KENDALI_ERR_FIELD_TYPE',
  minimum: 'KENDALI_ERR_FIELD_RANGE',
  maximum: 'KENDALI_ERR_FIELD_RANGE',
  enum: 'KENDALI_ERR_FIELD_VALUE',
  required: 'KENDALI_ERR_FIELD_MISSING',
};

/** Turns Ajv's errors into one message naming every offending field, its rule and its unit. */
function describeErrors(spec: DeviceKindSpec, all: readonly ErrorObject[]): Rejection {
  // A value of the wrong type also misses a string field's values: its type is what to say.
  const mistyped = new Set(all.filter((error) => error.keyword === 'type').map((error) => error.instancePath));
  const errors = all.filter((error) => error.keyword !== 'enum' || !mistyped.has(error.instancePath));
  const first = errors[0];
  const code = (first && codeByKeyword[first.keyword]) ?? 'KENDALI_ERR_PAYLOAD_SHAPE';
  const parts = errors.map((error) => describeError(spec, error));
  return reject(code, `${spec.kind}: ${parts.join('; ')}`);
}

function describeError(spec: DeviceKindSpec, error: ErrorObject): string {
  const field = error.instancePath.replace(/^\//, '');
  const unit = spec.fields[field]?.unit;
  const withUnit = (value: unknown) => (unit ? `${String(value)} ${unit}` : String(value));
  switch (error.keyword) {
    case 'additionalProperties': {
      const name = String((error.params as { additionalProperty: string }).additionalProperty);
      return `unknown field "${name}" (known: ${Object.keys(spec.fields).join(', ')})`;
    }
    case 'required':
      return `missing required field "${String((error.params as { missingProperty: string }).missingProperty)}"`;
    case 'type':
      return `field "${field}" must be ${String((error.params as { type: string }).type)}, got ${JSON.stringify(error.data) ?? typeof error.data}`;
    case 'minimum':
    case 'maximum':
      return `field "${field}" is ${withUnit(error.data)}, outside ${withUnit(spec.fields[field]?.min)} … ${withUnit(spec.fields[field]?.max)}`;
    case 'enum':
      return `field "${field}" is ${JSON.stringify(error.data)}, not one of its values: ${(spec.fields[field]?.values ?? []).join(', ')}`;
    default:
      return `${field || 'message'} ${error.message ?? 'is invalid'}`;
  }
}
