import { describe, expect, it } from 'vitest';
import { restampPayload } from '../recording/restamp';
import { encodeSenml } from './senml-encode';

describe('encodeSenml', () => {
  it('writes one record per field with base name and base time, SenML units where the contract has them, booleans as vb', () => {
    expect(encodeSenml('sl-karawaci-001', 'street-light', 1_767_225_600_500, { lampOn: true, dimmingLevel: 0.6, powerW: 55.2, lampFault: false })).toEqual([
      { bn: 'urn:dev:kendali:sl-karawaci-001:', bt: 1_767_225_600.5, n: 'lampOn', vb: true },
      { n: 'dimmingLevel', v: 0.6 },
      { n: 'powerW', u: 'W', v: 55.2 },
      { n: 'lampFault', vb: false },
    ]);
  });
});

describe('restampPayload', () => {
  it('moves ts of objects and batches, ISO times too', () => {
    expect(JSON.parse(restampPayload('{"ts":1000,"pm25":3}', 500))).toEqual({ ts: 1500, pm25: 3 });
    expect(JSON.parse(restampPayload('[{"ts":1000},{"ts":"2026-01-01T00:00:00.000Z"}]', 60_000))).toEqual([{ ts: 61_000 }, { ts: '2026-01-01T00:01:00.000Z' }]);
  });

  it('moves absolute SenML times and leaves relative ones', () => {
    expect(JSON.parse(restampPayload('[{"bt":1767225600,"n":"a","v":1},{"n":"b","v":2,"t":-5}]', 2_000))).toEqual([
      { bt: 1_767_225_602, n: 'a', v: 1 },
      { n: 'b', v: 2, t: -5 },
    ]);
  });

  it('replays a malformed payload as it was', () => {
    expect(restampPayload('{"ts":10', 5)).toBe('{"ts":10');
  });
});
