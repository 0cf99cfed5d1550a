import { builtInKinds, compileProfile, requireKind, builtInKindNames } from '@kendali/contracts';
import type { FieldSpec } from '@kendali/contracts';
import { describe, expect, it } from 'vitest';
import { examplePayload, examplePayloadJson } from './example-payload';

const fits = (spec: FieldSpec, value: unknown) => {
  if (spec.type === 'boolean') return typeof value === 'boolean';
  if (spec.type === 'string') return typeof value === 'string' && (spec.values ?? []).includes(value);
  if (typeof value !== 'number' || (spec.type === 'integer' && !Number.isInteger(value))) return false;
  return (spec.min === undefined || value >= spec.min) && (spec.max === undefined || value <= spec.max);
};

describe('example payloads', () => {
  it.each(builtInKindNames)('%s: known fields, right types, in range, required present', (kind) => {
    const spec = requireKind(builtInKinds, kind);
    const payload = examplePayload(kind, spec);
    for (const required of spec.required) expect(payload).toHaveProperty(required);
    for (const [field, value] of Object.entries(payload)) {
      const fieldSpec: FieldSpec | undefined = (spec.fields as Readonly<Record<string, FieldSpec>>)[field];
      expect(fieldSpec, `${kind}.${field}`).toBeDefined();
      if (fieldSpec) expect(fits(fieldSpec, value), `${kind}.${field}=${String(value)}`).toBe(true);
    }
  });

  it('writes the JSON the way the docs show it, and it parses back', () => {
    const json = examplePayloadJson('water-level');
    expect(json).toBe('{"waterLevelCm": 212.5, "rainfallMmPerHour": 4.2, "batteryV": 12.6}');
    expect(JSON.parse(json)).toEqual(examplePayload('water-level', requireKind(builtInKinds, 'water-level')));
  });

  it('makes one for a kind it has never heard of from its profile: every field, in range', () => {
    const noise = compileProfile('noise-level', {
      labels: { id: 'Kebisingan', en: 'Noise' },
      intervalS: 60,
      fields: { laeqDb: { type: 'number', min: 20, max: 140, required: true }, peak: { type: 'integer', min: 0 }, alarm: { type: 'boolean' }, source: { type: 'string', values: ['traffic', 'crowd'] } },
    }, 1);
    const payload = examplePayload('noise-level', noise);
    expect(payload).toEqual({ laeqDb: 80, peak: 0, alarm: false, source: 'traffic' });
    for (const [field, value] of Object.entries(payload)) expect(fits(noise.fields[field]!, value)).toBe(true);
    expect(examplePayload('noise-level', undefined)).toEqual({});
  });

  it("takes the fields' own examples where the profile gives some, with a value in range for a required field that has none", () => {
    const gauge = compileProfile(
      'river-gauge',
      { labels: { id: 'Pos duga sungai', en: 'River gauge' }, intervalS: 60, fields: { stageCm: { type: 'number', min: 0, max: 800, required: true }, batteryV: { type: 'number', example: 12.4 }, tempC: { type: 'number' } } },
      1,
    );
    expect(examplePayloadJson('river-gauge', gauge)).toBe('{"stageCm": 400, "batteryV": 12.4}');
  });
});
