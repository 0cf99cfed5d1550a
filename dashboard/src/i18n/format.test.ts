import { describe, expect, it } from 'vitest';
import { createFormatters } from './format';

describe('formatters', () => {
  const id = createFormatters('id-ID');
  const en = createFormatters('en-GB');

  it('writes ages the short way in each language', () => {
    expect(id.age(5 * 60_000 + 20_000)).toBe('5 mnt lalu');
    expect(en.age(5 * 60_000 + 20_000)).toBe('5 min ago');
    expect(en.age(3 * 3_600_000)).toBe('3 hr ago');
  });

  it('groups digits per locale', () => {
    expect(id.number(1234.56, 1)).toBe('1.234,6');
    expect(en.number(1234.56, 1)).toBe('1,234.6');
  });

  it('shows times in WIB whatever the machine’s zone', () => {
    const at = Date.UTC(2025, 10, 22, 3, 4, 5); // 10:04:05 WIB
    expect(en.clock(at)).toBe('10:04:05');
    expect(id.date(at)).toBe('Sabtu, 22 Nov 2025');
    expect(en.date(at)).toBe('Saturday, 22 Nov 2025');
  });
});
