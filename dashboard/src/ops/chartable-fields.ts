import { isNumericField, type DeviceKindSpec } from '@kendali/contracts';

/** Numeric fields of a kind, the headline first, then the required ones: what a history chart can draw. */
export function chartableFields(spec: DeviceKindSpec | undefined): string[] {
  if (spec === undefined) return [];
  const numeric = Object.entries(spec.fields).filter(([, f]) => isNumericField(f)).map(([name]) => name);
  const rank = (name: string) => (name === spec.headline ? 0 : spec.required.includes(name) ? 1 : 2);
  return numeric.map((name, index) => ({ name, index })).sort((a, b) => rank(a.name) - rank(b.name) || a.index - b.index).map(({ name }) => name);
}

/** String fields of a kind, drawn as states over time. */
export function stateFields(spec: DeviceKindSpec | undefined): string[] {
  return Object.entries(spec?.fields ?? {}).filter(([, f]) => f.type === 'string').map(([name]) => name);
}

/** The field's unit as the kind defines it, or null. */
export function unitOf(spec: DeviceKindSpec | undefined, field: string): string | null {
  return spec?.fields[field]?.unit ?? null;
}

/** " (µg/m³)" after a field's name in a list, or nothing for a field without a unit. */
export function unitSuffix(spec: DeviceKindSpec | undefined, field: string): string {
  const unit = unitOf(spec, field);
  return unit ? ` (${unit})` : '';
}
