import { builtInKinds, type DeviceKind, type DeviceKindSpec, type FieldSpec, type FieldValue } from '@kendali/contracts';

/** A value inside the field's range: the middle of it, or its one bound, or 1; a string field's first value. */
function plausible(field: FieldSpec): FieldValue {
  if (field.type === 'boolean') return false;
  if (field.type === 'string') return field.values?.[0] ?? '';
  const middle = field.min !== undefined && field.max !== undefined ? (field.min + field.max) / 2 : (field.min ?? field.max ?? 1);
  return field.type === 'integer' ? Math.round(middle) : middle;
}

/**
 * A plausible reading of a kind, for copy-paste publish examples, made from its profile: where
 * fields give an `example`, those fields and the required ones (a value in range where they give
 * none), else every field with a value in its range. Without the room's profile (kinds not loaded
 * yet) a built-in kind's shipped one serves; empty for a kind the dashboard does not know.
 */
export function examplePayload(kind: DeviceKind, spec: DeviceKindSpec | undefined): Readonly<Record<string, FieldValue>> {
  const profile = spec ?? builtInKinds.spec(kind);
  const fields = Object.entries(profile?.fields ?? {});
  const withExamples = fields.some(([, field]) => field.example !== undefined);
  const shown = withExamples ? fields.filter(([name, field]) => field.example !== undefined || profile!.required.includes(name)) : fields;
  return Object.fromEntries(shown.map(([name, field]) => [name, field.example ?? plausible(field)]));
}

/** The payload as a device sends it, written the way people read JSON: `{"waterLevelCm": 212.5}`. */
export function examplePayloadJson(kind: DeviceKind, spec?: DeviceKindSpec): string {
  const entries = Object.entries(examplePayload(kind, spec)).map(([field, value]) => `${JSON.stringify(field)}: ${JSON.stringify(value)}`);
  return `{${entries.join(', ')}}`;
}
