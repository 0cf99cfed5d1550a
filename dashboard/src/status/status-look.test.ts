import { alarmSeverities, ispuCategories, ispuCategory, ispuIndex, siagaLevel } from '@kendali/contracts';
import { describe, expect, it } from 'vitest';
import { calmLook, ispuLook, markerLook, severityLook, siagaLook } from './status-look';

describe('ISPU looks (PermenLHK P.14/2020)', () => {
  it('colours the five categories green, blue, yellow, red and black', () => {
    expect(ispuCategories.map((c) => ispuLook(c).colour)).toEqual(['#16a34a', '#2563eb', '#facc15', '#dc2626', '#050505']);
  });

  it('gives every category its own shape, so colour is never the only signal', () => {
    expect(new Set(ispuCategories.map((c) => ispuLook(c).shape)).size).toBe(ispuCategories.length);
  });

  it('writes dark text on yellow and light text elsewhere', () => {
    expect(ispuLook('tidak-sehat').ink).toBe('#111111');
    expect(ispuLook('berbahaya').ink).toBe('#ffffff');
  });

  it('follows the index from a PM2.5 concentration to the colour', () => {
    expect(ispuLook(ispuCategory(ispuIndex('pm25', 15.6))).colour).toBe('#2563eb'); // 51: Sedang
    expect(ispuLook(ispuCategory(ispuIndex('pm25', 260))).colour).toBe('#050505'); // > 300: Berbahaya
  });
});

describe('Siaga looks', () => {
  const pintuAir10 = { siaga3Cm: 300, siaga2Cm: 400, siaga1Cm: 500 };

  it('goes green, yellow, orange, red from Siaga 4 to Siaga 1', () => {
    expect(([4, 3, 2, 1] as const).map((level) => siagaLook(level).colour)).toEqual(['#16a34a', '#facc15', '#f97316', '#dc2626']);
  });

  it('takes the level from the gate thresholds, Siaga 1 from its threshold up', () => {
    expect(siagaLook(siagaLevel(pintuAir10, 299)).shape).toBe('circle');
    expect(siagaLook(siagaLevel(pintuAir10, 300)).shape).toBe('triangle');
    expect(siagaLook(siagaLevel(pintuAir10, 500)).shape).toBe('cross');
  });
});

describe('severity and marker looks', () => {
  it('gives each severity a distinct colour and shape', () => {
    expect(new Set(alarmSeverities.map((s) => severityLook(s).colour)).size).toBe(4);
    expect(new Set(alarmSeverities.map((s) => severityLook(s).shape)).size).toBe(4);
  });

  it('draws stale devices hollow and offline ones as a cross; alarms take the severity look', () => {
    expect(markerLook('stale').shape).toBe('ring');
    expect(markerLook('offline').shape).toBe('cross');
    expect(markerLook('critical')).toEqual(severityLook('critical'));
    expect(calmLook.shape).toBe('circle');
  });
});
