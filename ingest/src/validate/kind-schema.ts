import type { DeviceKindSpec, FieldSpec } from '@kendali/contracts';

/** JSON Schema (draft-07 subset Ajv compiles) of one message of a device kind, derived from its contract. */
export function kindJsonSchema(spec: DeviceKindSpec): Record<string, unknown> {
  // ts is checked by resolveTimestamp, which names timestamp problems precisely.
  const properties: Record<string, unknown> = { ts: true };
  for (const [name, field] of Object.entries(spec.fields)) properties[name] = fieldSchema(field);
  return {
    type: 'object',
    additionalProperties: false,
    required: [...spec.required],
    properties,
  };
}

function fieldSchema(field: FieldSpec): Record<string, unknown> {
  const schema: Record<string, unknown> = { type: field.type };
  if (field.values !== undefined) schema.enum = [...field.values];
  if (field.min !== undefined) schema.minimum = field.min;
  if (field.max !== undefined) schema.maximum = field.max;
  return schema;
}
