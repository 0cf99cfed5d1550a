import { describe, expect, it } from 'vitest';
import { decodeJsonPayload } from './json';

const limits = { maxPayloadBytes: 1024, maxBatchLength: 3 };
const decode = (text: string) => decodeJsonPayload(Buffer.from(text), limits);

describe('decodeJsonPayload', () => {
  it('decodes an object of fields as one record', () => {
    expect(decode('{"pm25": 21.5}')).toEqual({ ok: true, records: [{ pm25: 21.5 }] });
  });

  it('decodes an array as a batch of records', () => {
    expect(decode('[{"pm25": 1}, {"pm25": 2}]')).toEqual({ ok: true, records: [{ pm25: 1 }, { pm25: 2 }] });
  });

  it('rejects malformed JSON with the parser position', () => {
    const result = decode('{"pm25": 21.5');
    expect(result.ok).toBe(false);
    if (!result.ok) {
      expect(result.rejection.code).toBe('KENDALI_ERR_PAYLOAD_MALFORMED');
      expect(result.rejection.message).toMatch(/not valid JSON/);
    }
  });

  it.each([
    ['a number', '42', /JSON number/],
    ['a string', '"hello"', /JSON string/],
    ['null', 'null', /JSON null/],
    ['an empty batch', '[]', /empty array/],
    ['a batch holding a non-object', '[{"pm25":1}, 7]', /item 1/],
  ])('rejects %s as the wrong shape', (_name, text, message) => {
    const result = decode(text);
    expect(result).toMatchObject({ ok: false, rejection: { code: 'KENDALI_ERR_PAYLOAD_SHAPE' } });
    if (!result.ok) expect(result.rejection.message).toMatch(message);
  });

  it('rejects a payload over the size limit before parsing it', () => {
    const result = decode(`{"pm25": 1, "pad": "${'x'.repeat(2000)}"}`);
    expect(result).toMatchObject({ ok: false, rejection: { code: 'KENDALI_ERR_PAYLOAD_TOO_LARGE' } });
    if (!result.ok) expect(result.rejection.message).toMatch(/limit is 1024 bytes/);
  });

  it('rejects a batch longer than the batch limit', () => {
    expect(decode('[{},{},{},{}]')).toMatchObject({ ok: false, rejection: { code: 'KENDALI_ERR_PAYLOAD_TOO_LARGE' } });
  });
});
