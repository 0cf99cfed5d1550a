import fc from 'fast-check';

/** The part of JSON Schema (2020-12, as the OpenAPI 3.1 document carries it) that values are made from. */
export interface JsonSchema {
  readonly type?: string | readonly string[];
  readonly enum?: readonly unknown[];
  readonly const?: unknown;
  readonly anyOf?: readonly JsonSchema[];
  readonly oneOf?: readonly JsonSchema[];
  readonly properties?: Readonly<Record<string, JsonSchema>>;
  readonly required?: readonly string[];
  readonly additionalProperties?: boolean | JsonSchema;
  readonly items?: JsonSchema;
  readonly minItems?: number;
  readonly minimum?: number;
  readonly maximum?: number;
  readonly minLength?: number;
  readonly maxLength?: number;
  readonly pattern?: string;
  readonly format?: string;
}

/** 100 KiB: far over every length limit, yet cheap to send in-process. */
const hugeText = 'x'.repeat(100 * 1024);

/** Text at the edges of what parsers of numbers, times and names meet. */
export const edgeTexts = [
  '', ' ', '0', '-0', '-1', '0.5', '1e20', '1e308', '-1e308', '1e400', 'NaN', 'Infinity', '-Infinity', '0x10', 'null', 'true', 'false',
  '9223372036854775807', '9223372036854775808', '-9223372036854775809', '99999999999999999999', '18446744073709551616',
  '1970-01-01T00:00:00Z', '9999-12-31T23:59:59.999Z', '+275760-09-13T00:00:00.000Z', '-000001-01-01T00:00:00Z', '2024-02-30', '10000-01-01',
  '0s', '1ms', '99999999999999999999d', '1h', '-5m',
  "'; DROP TABLE devices; --", '../../etc/passwd', 'a\u0000b', '\u202Eevil', 'Kecamatan Cipondoh 🌊', '👍🏽👨‍👩‍👧', '\ud800', 'a'.repeat(65), 'b'.repeat(101),
  hugeText,
] as const;

/** Numbers at the edges: beyond int64, beyond a double's precision, subnormal, negative zero. */
const edgeNumbers = [0, -0, 1, -1, 0.5, 5e-324, 1e20, 1e308, -1e308, 2 ** 53 + 2, 2 ** 63, -(2 ** 63), 2 ** 64] as const;

/** JSON number literals JSON.stringify cannot write: beyond a double (parsed as ±Infinity) or int64. */
const rawNumberLiterals = ['1e400', '-1e400', '9223372036854775808', '-9223372036854775809', '123456789012345678901234567890', '1e-400'] as const;

const rawMarker = /"~raw~([^~"]+)~"/g;
const rawNumber = fc.constantFrom(...rawNumberLiterals).map((literal) => `~raw~${literal}~`);

/** JSON text of a value, with the raw number literals it holds written as numbers. */
export const toJsonText = (value: unknown): string => (JSON.stringify(value) ?? 'null').replace(rawMarker, '$1');

/** A value of the wrong kind for most schemas. */
const anyJson = fc.oneof(fc.jsonValue({ maxDepth: 2 }), fc.constantFrom(...edgeTexts), fc.constantFrom(...edgeNumbers), rawNumber);

const typesOf = (schema: JsonSchema): readonly string[] => (schema.type === undefined ? [] : [schema.type].flat());

function textFitting(schema: JsonSchema, hints: readonly string[]): fc.Arbitrary<string> {
  const lengths = { minLength: schema.minLength ?? 0, maxLength: Math.min(schema.maxLength ?? 30, 30) };
  const fitting: fc.WeightedArbitrary<string>[] = [
    { weight: 2, arbitrary: fc.string(lengths) },
    { weight: 1, arbitrary: fc.string({ ...lengths, unit: 'grapheme' }) },
  ];
  if (schema.pattern !== undefined) fitting.push({ weight: 4, arbitrary: fc.stringMatching(new RegExp(schema.pattern)) });
  if (schema.format === 'date') {
    const date = fc.date({ min: new Date(Date.UTC(0, 0, 1)), max: new Date(Date.UTC(9999, 11, 31)), noInvalidDate: true });
    fitting.push({ weight: 4, arbitrary: date.map((d) => d.toISOString().slice(0, 10)) });
  }
  if (hints.length > 0) fitting.push({ weight: 6, arbitrary: fc.constantFrom(...hints) });
  return fc.oneof(...fitting);
}

function numberFitting(schema: JsonSchema, integer: boolean): fc.Arbitrary<number> {
  const bounds = [schema.minimum, schema.maximum].filter((n): n is number => n !== undefined);
  const near = bounds.flatMap((n) => [n, n - 1, n + 1]);
  const min = schema.minimum ?? -1e6;
  const max = schema.maximum ?? 1e6;
  return fc.oneof(
    { weight: 3, arbitrary: integer ? fc.integer({ min: Math.max(min, -(2 ** 31)), max: Math.min(max, 2 ** 31) }) : fc.double({ min, max, noNaN: true }) },
    { weight: 1, arbitrary: fc.constantFrom(...edgeNumbers, ...near) },
  );
}

function objectFitting(schema: JsonSchema, depth: number, hintsFor: (name: string) => readonly string[]): fc.Arbitrary<unknown> {
  const properties = schema.properties ?? {};
  const required = schema.required ?? [];
  const record = fc.record(
    Object.fromEntries(Object.entries(properties).map(([name, property]) => [name, valueFor(property, depth + 1, hintsFor, hintsFor(name))])),
    { requiredKeys: required.filter((name) => name in properties) },
  );
  const extra = typeof schema.additionalProperties === 'object' ? fc.dictionary(fc.string({ maxLength: 10 }), valueFor(schema.additionalProperties, depth + 1, hintsFor), { maxKeys: 3 }) : fc.constant({});
  // Mostly a fitting object; sometimes one with a required field missing or a field nobody defined.
  return fc.tuple(record, extra, fc.constantFrom('as-is', 'as-is', 'as-is', 'as-is', 'as-is', 'as-is', 'drop-required', 'unknown-field'), fc.string({ maxLength: 12 }), anyJson).map(
    ([fields, more, change, unknownName, unknownValue]) => {
      const value: Record<string, unknown> = { ...more, ...fields };
      if (change === 'drop-required' && required.length > 0) delete value[required[unknownName.length % required.length]!];
      if (change === 'unknown-field') value[`x-${unknownName}`] = unknownValue;
      return value;
    },
  );
}

function fitting(schema: JsonSchema, depth: number, hintsFor: (name: string) => readonly string[], hints: readonly string[]): fc.Arbitrary<unknown> {
  if (schema.const !== undefined) return fc.constant(schema.const);
  if (schema.enum !== undefined) return fc.constantFrom(...schema.enum);
  const alternatives = schema.anyOf ?? schema.oneOf;
  if (alternatives !== undefined) return fc.oneof(...alternatives.map((alternative) => fitting(alternative, depth, hintsFor, hints)));
  if (depth > 4) return fc.constant(null);
  const kinds = typesOf(schema).map((type): fc.Arbitrary<unknown> => {
    switch (type) {
      case 'string':
        return textFitting(schema, hints);
      case 'integer':
        return numberFitting(schema, true);
      case 'number':
        return numberFitting(schema, false);
      case 'boolean':
        return fc.boolean();
      case 'null':
        return fc.constant(null);
      case 'array':
        return fc.array(valueFor(schema.items ?? {}, depth + 1, hintsFor), { maxLength: 3 });
      case 'object':
        return objectFitting(schema, depth, hintsFor);
      default:
        return anyJson;
    }
  });
  return kinds.length === 0 ? anyJson : fc.oneof(...kinds);
}

/**
 * Values for a schema: mostly ones that fit it, near its limits (so requests get past validation
 * to the handlers and the store), and now and then a value of the wrong type, an edge number, or
 * edge text. `hintsFor` gives names known to the API under test (device ids, field names) by
 * property name, so fitting values also find things that exist.
 */
export function valueFor(schema: JsonSchema, depth = 0, hintsFor: (name: string) => readonly string[] = () => [], hints: readonly string[] = []): fc.Arbitrary<unknown> {
  return fc.oneof({ weight: 9, arbitrary: fitting(schema, depth, hintsFor, hints) }, { weight: 1, arbitrary: anyJson });
}

const asText = (value: unknown) => (typeof value === 'string' ? value : toJsonText(value).replace(/^"|"$/g, ''));

/** Text for a query or path parameter that fits its schema: mostly a known name, else a fitting value as text. */
export function fittingTextFor(schema: JsonSchema, hints: readonly string[]): fc.Arbitrary<string> {
  const fittingText = fitting(schema, 0, () => [], hints).map(asText);
  return hints.length === 0 ? fittingText : fc.oneof({ weight: 6, arbitrary: fc.constantFrom(...hints) }, { weight: 1, arbitrary: fittingText });
}

/** Text for a query or path parameter: fitting, edge text, or any text. */
export function textFor(schema: JsonSchema, hints: readonly string[]): fc.Arbitrary<string> {
  return fc.oneof(
    { weight: 3, arbitrary: fittingTextFor(schema, hints) },
    { weight: 2, arbitrary: fc.constantFrom(...edgeTexts) },
    { weight: 1, arbitrary: fc.string({ unit: 'grapheme', maxLength: 20 }) },
  );
}

/** Percent-encodes UTF-8 (a lone surrogate becomes U+FFFD, as a browser sends it). */
export const percentEncode = (text: string): string =>
  Array.from(Buffer.from(text, 'utf8'), (byte) => (/[A-Za-z0-9\-_.~]/.test(String.fromCharCode(byte)) ? String.fromCharCode(byte) : `%${byte.toString(16).toUpperCase().padStart(2, '0')}`)).join('');
