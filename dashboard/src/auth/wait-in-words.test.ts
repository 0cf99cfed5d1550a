import { describe, expect, it } from 'vitest';
import { waitInWords } from './wait-in-words';

describe('a wait in words', () => {
  it('says a lock-out of 15 minutes in both languages, rounding seconds up to the minute', () => {
    expect(waitInWords(900, 'en-GB')).toBe('15 minutes');
    expect(waitInWords(841, 'en-GB')).toBe('15 minutes');
    expect(waitInWords(900, 'id-ID')).toBe('15 menit');
  });

  it('keeps seconds under a minute, and hours with their minutes', () => {
    expect(waitInWords(1, 'en-GB')).toBe('1 second');
    expect(waitInWords(42, 'id-ID')).toBe('42 detik');
    expect(waitInWords(60, 'en-GB')).toBe('1 minute');
    expect(waitInWords(3_600, 'en-GB')).toBe('1 hour');
    expect(waitInWords(3_900, 'id-ID')).toBe('1 jam 5 menit');
  });
});
