/** The part of a setting's JSON Schema the settings form reads; anything else falls back to a JSON text box. */
export interface SettingSchema {
  readonly type?: string;
  readonly minimum?: number;
  readonly maximum?: number;
  readonly pattern?: string;
  readonly enum?: readonly unknown[];
  readonly minItems?: number;
  readonly maxItems?: number;
  readonly items?: SettingSchema;
  readonly properties?: Readonly<Record<string, SettingSchema>>;
}

/** How the form edits a value: one input for a scalar, a table for an array of flat objects, JSON text for anything else. */
export type SettingForm = 'integer' | 'number' | 'string' | 'boolean' | 'choice' | 'rows' | 'json';

const scalarForms: ReadonlySet<SettingForm> = new Set(['integer', 'number', 'string', 'boolean', 'choice']);

export function asSchema(value: unknown): SettingSchema {
  return typeof value === 'object' && value !== null && !Array.isArray(value) ? (value as SettingSchema) : {};
}

export function formOf(schema: SettingSchema): SettingForm {
  if (Array.isArray(schema.enum) && schema.enum.every((option) => typeof option === 'string')) return 'choice';
  switch (schema.type) {
    case 'integer':
    case 'number':
    case 'string':
    case 'boolean':
      return schema.type;
    case 'array': {
      const properties = schema.items?.type === 'object' ? schema.items.properties : undefined;
      if (properties === undefined || Object.keys(properties).length === 0) return 'json';
      return Object.values(properties).every((property) => scalarForms.has(formOf(property))) ? 'rows' : 'json';
    }
    default:
      return 'json';
  }
}

const typicalIntervalS = 300; // 5 minutes: a sensible first value for a whole number of seconds

/** A value that passes the schema, to start a new setting or a new row from. */
export function exampleValue(schema: SettingSchema): unknown {
  const form = formOf(schema);
  const { minimum = 0, maximum } = schema;
  switch (form) {
    case 'integer':
      return maximum === undefined || (typicalIntervalS >= minimum && typicalIntervalS <= maximum) ? Math.max(minimum, typicalIntervalS) : minimum;
    case 'number':
      return maximum === undefined ? minimum : (minimum + maximum) / 2;
    case 'boolean':
      return true;
    case 'choice':
      return schema.enum?.[0] ?? '';
    case 'string':
      return schema.pattern === '^([01][0-9]|2[0-3]):[0-5][0-9]$' ? '00:00' : '';
    case 'rows':
      return Array.from({ length: Math.max(1, schema.minItems ?? 1) }, () => exampleRow(schema));
    case 'json':
      return schema.type === 'array' ? [] : schema.type === 'object' ? {} : null;
  }
}

/** A new row of an array of flat objects. */
export function exampleRow(schema: SettingSchema): Record<string, unknown> {
  const row: Record<string, unknown> = {};
  for (const [name, property] of Object.entries(schema.items?.properties ?? {})) row[name] = exampleValue(property);
  return row;
}

/** A value as one line of text for the desired/reported table: `from 18:00, level 0.4 · from 23:00, level 0.6`. */
export function formatSettingValue(value: unknown): string {
  if (value === undefined) return '—';
  if (Array.isArray(value)) return value.length === 0 ? '[]' : value.map(formatSettingValue).join(' · ');
  if (typeof value === 'object' && value !== null) {
    return Object.entries(value)
      .map(([name, inner]) => `${name} ${formatSettingValue(inner)}`)
      .join(', ');
  }
  return typeof value === 'string' ? value : JSON.stringify(value);
}
