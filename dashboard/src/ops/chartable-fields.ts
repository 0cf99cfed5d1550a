import { isNumericField, type DeviceKindSpec, type FieldSpec } from '@kendali/contracts';

/** The fields of a kind that pass `test`, the headline first, then the required ones. */
function ranked(spec: DeviceKindSpec | undefined, test: (field: FieldSpec) => boolean): string[] {
  if (spec === undefined) return [];
  const names = Object.entries(spec.fields).filter(([, f]) => test(f)).map(([name]) => name);
  const rank = (name: string) => (name === spec.headline ? 0 : spec.required.includes(name) ? 1 : 2);
  return names.map((name, index) => ({ name, index })).sort((a, b) => rank(a.name) - rank(b.name) || a.index - b.index).map(({ name }) => name);
}

/** Numeric fields of a kind, the headline first, then the required ones: what a history chart can draw. */
export const chartableFields = (spec: DeviceKindSpec | undefined): string[] => ranked(spec, isNumericField);

/** A device's history: numeric fields as a line, string fields as states over time, the headline first. */
export const historyFields = (spec: DeviceKindSpec | undefined): string[] => ranked(spec, (field) => isNumericField(field) || field.type === 'string');

/** The field's unit as the kind defines it, or null. */
export function unitOf(spec: DeviceKindSpec | undefined, field: string): string | null {
  return spec?.fields[field]?.unit ?? null;
}

/** " (µg/m³)" after a field's name in a list, or nothing for a field without a unit. */
export function unitSuffix(spec: DeviceKindSpec | undefined, field: string): string {
  const unit = unitOf(spec, field);
  return unit ? ` (${unit})` : '';
}
