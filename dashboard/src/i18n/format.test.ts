import { describe, expect, it } from 'vitest';
import { cityZone } from '@kendali/contracts';
import { createFormatters } from './format';

describe('formatters', () => {
  const id = createFormatters('id-ID', cityZone);
  const en = createFormatters('en-GB', cityZone);

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

  it('shows times in the city’s own zone: WITA an hour ahead of WIB', () => {
    const at = Date.UTC(2025, 10, 22, 16, 30, 0); // 23:30 WIB, 00:30 WITA the next day
    const wita = createFormatters('en-GB', { timeZone: 'Asia/Makassar', abbreviation: 'WITA' });
    expect(wita.zone).toBe('WITA');
    expect(en.zone).toBe('WIB');
    expect(wita.clock(at)).toBe('00:30:00');
    expect(en.clock(at)).toBe('23:30:00');
    expect(wita.date(at)).toBe('Sunday, 23 Nov 2025');
  });
});
