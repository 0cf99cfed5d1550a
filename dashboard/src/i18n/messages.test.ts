import { describe, expect, it } from 'vitest';
import { messages } from './messages';
import { fill } from './messages-devices';

const marks = (text: string) => [...text.matchAll(/\{(\w+)\}/g)].map((m) => m[1]).sort();

describe('labels', () => {
  it('exist in both languages with the same keys, none empty', () => {
    expect(Object.keys(messages.en).sort()).toEqual(Object.keys(messages.id).sort());
    for (const table of Object.values(messages)) for (const [key, text] of Object.entries(table)) expect(text.trim(), key).not.toBe('');
  });

  it('carry the same {marks} in both languages', () => {
    for (const [key, text] of Object.entries(messages.id)) expect(marks(messages.en[key as keyof typeof messages.en]), key).toEqual(marks(text));
  });

  it('fill marks and leave unknown ones visible', () => {
    expect(fill('{n} perangkat, {x}', { n: 12 })).toBe('12 perangkat, {x}');
  });
});
