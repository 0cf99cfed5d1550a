import type { DeviceKind, DeviceKindSpec } from '@kendali/contracts';
import { builtInKinds, requireKind } from '@kendali/contracts';

/** Numeric fields of a kind, the required one first: what a history chart can draw. */
export function chartableFields(kind: DeviceKind): string[] {
  const spec: DeviceKindSpec = requireKind(builtInKinds, kind);
  const numeric = Object.entries(spec.fields).filter(([, f]) => f.type !== 'boolean').map(([name]) => name);
  return [...numeric.filter((n) => spec.required.includes(n)), ...numeric.filter((n) => !spec.required.includes(n))];
}

/** The field's unit as the kind defines it, or null. */
export function unitOf(kind: DeviceKind, field: string): string | null {
  const spec: DeviceKindSpec = requireKind(builtInKinds, kind);
  return spec.fields[field]?.unit ?? null;
}

/** " (µg/m³)" after a field's name in a list, or nothing for a field without a unit. */
export function unitSuffix(kind: DeviceKind, field: string): string {
  const unit = unitOf(kind, field);
  return unit ? ` (${unit})` : '';
}
