import { describe, expect, it } from 'vitest';
import { nameParts } from './name-parts';

describe('nameParts', () => {
  it('keeps a short qualifier at the end apart from the rest', () => {
    expect(nameParts('Pos Cisadane Kelapa Indah (sensor 2)')).toEqual({ head: 'Pos Cisadane Kelapa Indah', tail: ' (sensor 2)' });
    expect(nameParts('Pintu Air 10 (Bendung Pasar Baru) (sensor 2)')).toEqual({ head: 'Pintu Air 10 (Bendung Pasar Baru)', tail: ' (sensor 2)' });
    expect(nameParts('Wi-Fi Taman Potret 2')).toEqual({ head: 'Wi-Fi Taman Potret', tail: ' 2' });
  });

  it('leaves names without a short qualifier whole', () => {
    expect(nameParts('Pintu Air 10 (Bendung Pasar Baru)')).toEqual({ head: 'Pintu Air 10 (Bendung Pasar Baru)', tail: '' });
    expect(nameParts('Kali Ledug')).toEqual({ head: 'Kali Ledug', tail: '' });
    expect(nameParts('12')).toEqual({ head: '12', tail: '' });
  });
});
