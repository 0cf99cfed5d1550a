import { describe, expect, it } from 'vitest';
import { ReadingValidator } from './reading-validator';

const now = Date.parse('2026-11-22T03:00:00Z');
const validator = new ReadingValidator({ maxFutureSkewMs: 300_000, maxAgeMs: 86_400_000 });

describe('ReadingValidator', () => {
  it('accepts a valid air-quality reading and defaults ts to now', () => {
    expect(validator.validate('air-quality', { pm25: 35.2, temperatureC: 31.5 }, now)).toEqual({
      ok: true,
      ts: now,
      fields: { pm25: 35.2, temperatureC: 31.5 },
    });
  });

  it('takes ts as ms epoch or ISO 8601 with a zone', () => {
    expect(validator.validate('water-level', { waterLevelCm: 210, ts: now - 1000 }, now)).toMatchObject({ ok: true, ts: now - 1000 });
    expect(validator.validate('water-level', { waterLevelCm: 210, ts: '2026-11-22T09:59:00+07:00' }, now)).toMatchObject({
      ok: true,
      ts: now - 60_000,
    });
  });

  it.each([
    ['wrong type', 'air-quality', { pm25: 'high' }, 'KENDALI_ERR_FIELD_TYPE', /field "pm25" must be number, got "high"/],
    ['integer field given a fraction', 'traffic', { vehicleCount: 12.5 }, 'KENDALI_ERR_FIELD_TYPE', /must be integer/],
    ['boolean field given a number', 'street-light', { lampOn: 1 }, 'KENDALI_ERR_FIELD_TYPE', /must be boolean/],
    ['value above range', 'air-quality', { pm25: 5000 }, 'KENDALI_ERR_FIELD_RANGE', /5000 µg\/m³, outside 0 µg\/m³ … 1000 µg\/m³/],
    ['value below range', 'water-level', { waterLevelCm: -500 }, 'KENDALI_ERR_FIELD_RANGE', /-500 cm/],
    ['unknown field', 'air-quality', { pm25: 10, pm1: 3 }, 'KENDALI_ERR_FIELD_UNKNOWN', /unknown field "pm1"/],
    ['missing required field', 'water-level', { batteryV: 12 }, 'KENDALI_ERR_FIELD_MISSING', /missing required field "waterLevelCm"/],
  ])('rejects a %s', (_name, kind, record, code, message) => {
    const result = validator.validate(kind as 'air-quality', record, now);
    expect(result.ok).toBe(false);
    if (!result.ok) {
      expect(result.rejection.code).toBe(code);
      expect(result.rejection.message).toMatch(message);
    }
  });

  it.each([
    ['seconds instead of ms', now / 1000, /looks like seconds/],
    ['too far in the future', now + 600_000, /in the future/],
    ['too old', now - 2 * 86_400_000, /older than/],
    ['ISO without a zone', '2026-11-22T10:00:00', /with a zone/],
    ['an object', { at: 1 }, /must be milliseconds/],
  ])('rejects a timestamp %s', (_name, ts, message) => {
    const result = validator.validate('air-quality', { pm25: 10, ts }, now);
    expect(result).toMatchObject({ ok: false, rejection: { code: 'KENDALI_ERR_TIMESTAMP' } });
    if (!result.ok) expect(result.rejection.message).toMatch(message);
  });

  it('names every offending field at once', () => {
    const result = validator.validate('wifi-ap', { clients: -1, channelUtilizationPct: 140, ssid: 'x' }, now);
    expect(result.ok).toBe(false);
    if (!result.ok) {
      expect(result.rejection.message).toMatch(/clients/);
      expect(result.rejection.message).toMatch(/channelUtilizationPct/);
      expect(result.rejection.message).toMatch(/ssid/);
    }
  });
});
