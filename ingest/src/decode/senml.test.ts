import { describe, expect, it } from 'vitest';
import { builtInKinds, requireKind } from '@kendali/contracts';
import { decodeTelemetryPayload } from './telemetry-payload';

const limits = { maxPayloadBytes: 4096, maxBatchLength: 3 };
const nowMs = Date.parse('2026-03-02T03:00:00Z');
const nowS = nowMs / 1000;
const decode = (kind: 'water-level' | 'air-quality' | 'street-light', pack: unknown) =>
  decodeTelemetryPayload(Buffer.from(JSON.stringify(pack)), requireKind(builtInKinds, kind), limits, nowMs);
const rejection = (result: ReturnType<typeof decode>) => (result.ok ? undefined : result.rejection);

describe('SenML JSON (RFC 8428)', () => {
  it('resolves base name, base time and base unit into one reading per time', () => {
    // A base unit applies to every later record without its own "u": pm25 has no SenML unit, so this is refused.
    const withBaseUnit = decode('air-quality', [
      { bn: 'urn:dev:mac:0024befffe804ff1:', bt: nowS - 60, bu: 'Cel', n: 'temperatureC', v: 29.5 },
      { n: 'pm25', v: 35.1 },
    ]);
    expect(rejection(withBaseUnit)).toMatchObject({ code: 'KENDALI_ERR_SENML_UNMAPPED', message: expect.stringMatching(/record 1: pm25 takes no SenML unit/) });

    expect(
      decode('air-quality', [
        { bn: 'urn:dev:mac:0024befffe804ff1:', bt: nowS - 60, n: 'temperatureC', u: 'Cel', v: 29.5 },
        { n: 'humidityPct', u: '%RH', v: 81 },
        { n: 'pm25', v: 35.1 },
        { n: 'temperatureC', u: 'Cel', v: 29.9, t: 30 },
      ]),
    ).toEqual({
      ok: true,
      records: [
        { ts: nowMs - 60_000, temperatureC: 29.5, humidityPct: 81, pm25: 35.1 },
        { ts: nowMs - 30_000, temperatureC: 29.9 },
      ],
    });
  });

  it('takes "/" as a separator too, adds the base value, and reads vb as a boolean', () => {
    expect(decode('water-level', [{ bn: 'kota-tangerang/pintu-air-10/', bv: 200, n: 'waterLevelCm', v: 12.5 }])).toEqual({
      ok: true,
      records: [{ ts: nowMs, waterLevelCm: 212.5 }],
    });
    expect(decode('street-light', [{ n: 'lampOn', vb: true }, { n: 'powerW', u: 'W', v: 88 }])).toEqual({
      ok: true,
      records: [{ ts: nowMs, lampOn: true, powerW: 88 }],
    });
  });

  it('reads small times as relative to now and large ones as seconds since the epoch (§4.5.3)', () => {
    expect(decode('water-level', [{ n: 'waterLevelCm', v: 1, t: -120 }])).toMatchObject({ records: [{ ts: nowMs - 120_000 }] });
    expect(decode('water-level', [{ n: 'waterLevelCm', v: 1, t: 1_767_225_600.25 }])).toMatchObject({ records: [{ ts: 1_767_225_600_250 }] });
  });

  it.each([
    ['a name that is no field', [{ n: 'urn:dev:x:temp', v: 1 }], 'KENDALI_ERR_SENML_UNMAPPED', /"urn:dev:x:temp" names no water-level field; .* one of waterLevelCm, sensorDistanceCm/],
    ['a unit other than the contract’s', [{ n: 'batteryV', u: 'mV', v: 12000 }], 'KENDALI_ERR_SENML_UNMAPPED', /batteryV is in "V", not "mV"/],
    ['a unit on a field without a SenML unit', [{ n: 'waterLevelCm', u: 'm', v: 2.1 }], 'KENDALI_ERR_SENML_UNMAPPED', /waterLevelCm takes no SenML unit \(it is in cm/],
    ['a data value', [{ n: 'waterLevelCm', vd: 'AAE=' }], 'KENDALI_ERR_SENML_UNMAPPED', /"vd"/],
    ['a sum only', [{ n: 'waterLevelCm', s: 4 }], 'KENDALI_ERR_SENML_UNMAPPED', /only a sum/],
    ['a record without a value', [{ n: 'waterLevelCm' }], 'KENDALI_ERR_SENML_INVALID', /has no value/],
    ['two values', [{ n: 'waterLevelCm', v: 1, vs: 'x' }], 'KENDALI_ERR_SENML_INVALID', /more than one value/],
    ['no name at all', [{ v: 1 }], 'KENDALI_ERR_SENML_INVALID', /has no name/],
    ['a name with a space', [{ n: 'water level', v: 1 }], 'KENDALI_ERR_SENML_INVALID', /§4\.5\.1/],
    ['a label of the wrong type', [{ n: 'waterLevelCm', v: '210' }], 'KENDALI_ERR_SENML_INVALID', /"v" must be a number, got "210"/],
    ['a must-understand label', [{ n: 'waterLevelCm', v: 1, foo_: 2 }], 'KENDALI_ERR_SENML_INVALID', /"foo_" must be understood/],
    ['a newer version', [{ bver: 11, n: 'waterLevelCm', v: 1 }], 'KENDALI_ERR_SENML_INVALID', /version 11/],
    ['a field twice at one time', [{ n: 'waterLevelCm', v: 1 }, { n: 'waterLevelCm', v: 2 }], 'KENDALI_ERR_SENML_INVALID', /appears twice/],
    ['a record that is no object', [{ n: 'waterLevelCm', v: 1 }, 7], 'KENDALI_ERR_SENML_INVALID', /record 1 is not a JSON object/],
    ['a single record outside an array', { n: 'waterLevelCm', v: 1 }, 'KENDALI_ERR_SENML_INVALID', /array of records/],
  ])('rejects %s with a reason', (_name, pack, code, message) => {
    const result = rejection(decode('water-level', pack));
    expect(result?.code).toBe(code);
    expect(result?.message).toMatch(message);
  });

  it('ignores unknown labels without an underscore and the update time', () => {
    expect(decode('water-level', [{ n: 'waterLevelCm', v: 5, ut: 60, vendor: 'x' }])).toEqual({ ok: true, records: [{ ts: nowMs, waterLevelCm: 5 }] });
  });

  it('limits the readings (distinct times) in one pack', () => {
    const pack = [0, 1, 2, 3].map((t) => ({ n: 'waterLevelCm', v: 1, t: -t }));
    expect(rejection(decode('water-level', pack))).toMatchObject({ code: 'KENDALI_ERR_PAYLOAD_TOO_LARGE' });
  });

  it('leaves Kendali JSON objects and batches to the JSON path', () => {
    expect(decode('water-level', { waterLevelCm: 210 })).toEqual({ ok: true, records: [{ waterLevelCm: 210 }] });
    expect(decode('water-level', [{ ts: nowMs, waterLevelCm: 210 }])).toEqual({ ok: true, records: [{ ts: nowMs, waterLevelCm: 210 }] });
  });
});
