import { describe, expect, it } from 'vitest';
import { resolveLanguage } from './language';

describe('resolveLanguage', () => {
  it('defaults to Bahasa Indonesia', () => {
    expect(resolveLanguage('', null)).toBe('id');
  });

  it('prefers ?lang= over the stored choice, and ignores unknown values', () => {
    expect(resolveLanguage('?lang=en', 'id')).toBe('en');
    expect(resolveLanguage('?lang=fr', 'en')).toBe('en');
    expect(resolveLanguage('?lang=fr', 'fr')).toBe('id');
  });
});
