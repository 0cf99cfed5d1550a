import { builtInProfiles } from '@kendali/contracts';
import { describe, expect, it } from 'vitest';
import { asSchema, exampleValue, formatSettingValue, formOf } from './setting-schema';

const dimmingSchedule = asSchema(builtInProfiles['street-light']!.settings!['dimmingSchedule']!.schema);

describe('settings form from JSON Schema', () => {
  it('edits scalars with inputs, an array of flat objects as rows, anything else as JSON text', () => {
    expect(formOf({ type: 'integer', minimum: 1, maximum: 86_400 })).toBe('integer');
    expect(formOf({ type: 'number' })).toBe('number');
    expect(formOf({ type: 'boolean' })).toBe('boolean');
    expect(formOf({ type: 'string', enum: ['warm', 'cold'] })).toBe('choice');
    expect(formOf(dimmingSchedule)).toBe('rows');
    expect(formOf({ type: 'array', items: { type: 'number' } })).toBe('json');
    expect(formOf({ type: 'array', items: { type: 'object', properties: { at: { type: 'object' } } } })).toBe('json');
    expect(formOf({ type: 'object', properties: { a: { type: 'number' } } })).toBe('json');
    expect(formOf({})).toBe('json');
  });

  it('starts from values inside the schema', () => {
    expect(exampleValue({ type: 'integer', minimum: 1, maximum: 86_400 })).toBe(300);
    expect(exampleValue({ type: 'integer', minimum: 1, maximum: 60 })).toBe(1);
    expect(exampleValue({ type: 'number', minimum: 0, maximum: 1 })).toBe(0.5);
    expect(exampleValue(dimmingSchedule)).toEqual([{ from: '00:00', level: 0.5 }]);
  });

  it('writes a value on one line', () => {
    expect(formatSettingValue([{ from: '18:00', level: 1 }, { from: '23:00', level: 0.6 }])).toBe('from 18:00, level 1 · from 23:00, level 0.6');
    expect(formatSettingValue(300)).toBe('300');
    expect(formatSettingValue(undefined)).toBe('—');
  });
});
