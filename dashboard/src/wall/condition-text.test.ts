import { describe, expect, it } from 'vitest';
import { messages } from '../i18n/messages';
import { legendOf } from './condition-text';

describe('the legend under the map', () => {
  it('names only the conditions on the map, calm to worst, in the reader’s language', () => {
    const shown = new Set(['ispu:tidak-sehat', 'none', 'ispu:baik']);
    expect(legendOf('environment', shown, messages.id, 'id').map((e) => e.text)).toEqual(['Baik', 'Tidak Sehat', 'Tanpa data']);
    expect(legendOf('environment', shown, messages.en, 'en').map((e) => e.text)).toEqual(['Good', 'Unhealthy', 'No data']);
  });

  it('gives each entry its shape as well as its colour', () => {
    const entries = legendOf('flood', new Set(['siaga:4', 'siaga:3', 'siaga:2', 'siaga:1']), messages.id, 'id');
    expect(entries.map((e) => e.text)).toEqual(['Siaga 4', 'Siaga 3', 'Siaga 2', 'Siaga 1']);
    expect(new Set(entries.map((e) => e.look.shape)).size).toBe(4);
  });

  it('is empty for a map with nothing of the scene on it', () => {
    expect(legendOf('mobility', new Set(), messages.en, 'en')).toEqual([]);
  });
});
