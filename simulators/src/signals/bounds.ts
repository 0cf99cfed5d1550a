import { builtInKinds, requireKind } from '@kendali/contracts';
import type { DeviceKind, FieldValue } from '@kendali/contracts';

export function clamp(value: number, min: number, max: number): number {
  return Math.min(max, Math.max(min, value));
}

export function roundTo(value: number, decimals: number): number {
  const factor = 10 ** decimals;
  return Math.round(value * factor) / factor;
}

/**
 * Holds a reading to its contract: numbers clamped to min/max, integers rounded, fields in the
 * contract's order. The samplers aim inside the range already; this is the guarantee.
 */
export function fitToSpec(kind: DeviceKind, fields: Readonly<Record<string, FieldValue>>): Record<string, FieldValue> {
  const fitted: Record<string, FieldValue> = {};
  for (const [name, spec] of Object.entries(requireKind(builtInKinds, kind).fields)) {
    const value = fields[name];
    if (value === undefined) throw new Error(`sampler for ${kind} produced no ${name}`);
    if (typeof value !== 'number') {
      fitted[name] = value;
      continue;
    }
    const rounded = spec.type === 'integer' ? Math.round(value) : value;
    fitted[name] = clamp(rounded, spec.min ?? -Infinity, spec.max ?? Infinity);
  }
  return fitted;
}
