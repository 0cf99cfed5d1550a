import { describe, expect, it } from 'vitest';
import { compileProfile, KindSet, type DeviceProfile } from '@kendali/contracts';
import { decodeSenml } from '../decode/senml';
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
    // Beyond ±8.64e15 ms a Date cannot hold the time: the reason names the number instead (found by device-publish-fuzz).
    ['beyond what a date can hold', 8_640_000_000_000_001, /^ts 8640000000000001 ms is \d+ s in the future/],
    ['before what a date can hold', -1e20, /looks like seconds/],
    ['as far back as a date can hold', -8_640_000_000_000_000, /looks like seconds/],
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

describe('ReadingValidator on a string field', () => {
  const cctv: DeviceProfile = {
    labels: { id: 'CCTV', en: 'CCTV' },
    intervalS: 60,
    fields: {
      status: { type: 'string', values: ['ok', 'degraded', 'down'], required: true, valueLabels: { down: { id: 'Mati', en: 'Down' } } },
      fps: { type: 'number', min: 0, max: 120 },
    },
  };
  const kinds = new KindSet([compileProfile('cctv', cctv, 1)]);
  const cameras = new ReadingValidator({ maxFutureSkewMs: 300_000, maxAgeMs: 86_400_000 }, kinds);

  it('accepts one of the listed values as a string', () => {
    expect(cameras.validate('cctv', { status: 'degraded', fps: 12 }, now)).toEqual({ ok: true, ts: now, fields: { status: 'degraded', fps: 12 } });
  });

  it.each([
    ['a value not listed', { status: 'offline' }, 'KENDALI_ERR_FIELD_VALUE', 'cctv: field "status" is "offline", not one of its values: ok, degraded, down'],
    ['a value in another letter case', { status: 'Down' }, 'KENDALI_ERR_FIELD_VALUE', 'cctv: field "status" is "Down", not one of its values: ok, degraded, down'],
    ['a number', { status: 2 }, 'KENDALI_ERR_FIELD_TYPE', 'cctv: field "status" must be string, got 2'],
    ['a boolean', { status: false }, 'KENDALI_ERR_FIELD_TYPE', 'cctv: field "status" must be string, got false'],
    ['a string for a number field', { status: 'ok', fps: 'ok' }, 'KENDALI_ERR_FIELD_TYPE', 'cctv: field "fps" must be number, got "ok"'],
  ])('rejects %s, saying why', (_name, record, code, message) => {
    expect(cameras.validate('cctv', record, now)).toEqual({ ok: false, rejection: { code, message } });
  });

  it('takes a SenML string value ("vs", RFC 8428 §4.3) and refuses one not listed', () => {
    const spec = kinds.spec('cctv')!;
    const limits = { maxPayloadBytes: 65_536, maxBatchLength: 10 };
    const decoded = decodeSenml([{ bn: 'cam-1:', n: 'status', vs: 'down', t: 0 }, { n: 'fps', v: 0 }], spec, limits, now);
    expect(decoded.ok).toBe(true);
    if (!decoded.ok) return;
    expect(decoded.records.map((record) => cameras.validate('cctv', record, now))).toEqual([{ ok: true, ts: now, fields: { status: 'down', fps: 0 } }]);

    const unlisted = decodeSenml([{ n: 'status', vs: 'rebooting' }], spec, limits, now);
    expect(unlisted.ok && unlisted.records.map((record) => cameras.validate('cctv', record, now))).toEqual([
      { ok: false, rejection: { code: 'KENDALI_ERR_FIELD_VALUE', message: 'cctv: field "status" is "rebooting", not one of its values: ok, degraded, down' } },
    ]);
    const numeric = decodeSenml([{ n: 'status', v: 1 }], spec, limits, now);
    expect(numeric.ok && numeric.records.map((record) => cameras.validate('cctv', record, now))).toEqual([
      { ok: false, rejection: { code: 'KENDALI_ERR_FIELD_TYPE', message: 'cctv: field "status" must be string, got 1' } },
    ]);
  });
});
