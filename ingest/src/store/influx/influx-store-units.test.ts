import { HttpError } from '@influxdata/influxdb-client';
import { describe, expect, it } from 'vitest';
import { builtInKinds, compileProfile, KindSet, requireKind } from '@kendali/contracts';
import { describeInfluxProblem } from './influx-problems';
import { V1CompatibleTransport, databaseParams } from './influx-transport';
import { InfluxQueryError, quoteIdentifier, quoteString } from './influxql';
import { readingFromLine, readingLine } from './reading-lines';

const target = { url: 'http://influx.example:8086', database: 'kota' };

describe('line protocol through the library', () => {
  it('writes one measurement per kind, deviceId/district/kind tags, typed fields and a ms timestamp', () => {
    const line = readingLine({
      deviceId: 'tr 1,a=b', kind: 'traffic', district: 'Karang Tengah', ts: 1_700_000_000_123, receivedAt: 0,
      fields: { vehicleCount: 42, occupancy: 0.5, congested: true },
    }, requireKind(builtInKinds, 'traffic'));
    // Spaces, commas and '=' in tag values escaped with a backslash; integers with the `i` suffix.
    expect(line).toBe('traffic,deviceId=tr\\ 1\\,a\\=b,district=Karang\\ Tengah,kind=traffic congested=T,occupancy=0.5,vehicleCount=42i 1700000000123');
  });

  it('writes a string field in double quotes, escaping only " and \\, and reads it back', () => {
    const cctv = compileProfile('cctv', {
      labels: { id: 'CCTV', en: 'CCTV' },
      intervalS: 60,
      fields: { status: { type: 'string', values: ['ok', 'say "hi", a=b \\ c'] }, fps: { type: 'number' } },
    }, 1);
    const reading = { deviceId: 'cam 1', kind: 'cctv', district: 'Cipondoh', ts: 1_700_000_000_123, receivedAt: 1_700_000_000_123, fields: { status: 'say "hi", a=b \\ c', fps: 12 } };
    const line = readingLine(reading, cctv);
    // Line protocol: in a string field value only the double quote and the backslash are escaped.
    expect(line).toBe('cctv,deviceId=cam\\ 1,district=Cipondoh,kind=cctv fps=12,status="say \\"hi\\", a=b \\\\ c" 1700000000123');
    expect(readingFromLine(line, new KindSet([cctv]))).toEqual(reading);
  });
});

describe('the 1.x-compatible transport', () => {
  const transport = new V1CompatibleTransport({} as never, 'kota/autogen');
  it('maps the v2 write path to /write with db, rp and precision', () => {
    expect(transport.map('/api/v2/write?org=&bucket=kota&precision=ms')).toBe('/write?db=kota&rp=autogen&precision=ms');
    expect(transport.map('/query?db=kota&q=x')).toBe('/query?db=kota&q=x');
    expect(databaseParams('kendali')).toEqual({ db: 'kendali' });
  });
});

describe('InfluxQL quoting', () => {
  it('escapes quotes and backslashes in identifiers and string literals', () => {
    expect(quoteIdentifier('air-quality')).toBe('"air-quality"');
    expect(quoteIdentifier('a"b\\')).toBe('"a\\"b\\\\"');
    expect(quoteString("it's")).toBe("'it\\'s'");
  });
});

describe('problems name the setting and the fix', () => {
  const http = (status: number, body: string) => new HttpError(status, 'status', body, undefined, 'application/json');
  it.each([
    [http(401, '{"error":"authorization failed"}'), 'unauthorized', 'KENDALI_INFLUX_TOKEN'],
    [http(403, '{"error":"forbidden"}'), 'unauthorized', 'KENDALI_INFLUX_TOKEN'],
    [http(404, '{"error":"database not found: \\"kota\\""}'), 'database-missing', 'KENDALI_INFLUX_DATABASE'],
    [http(404, '{"code":"not found","message":"bucket \\"kota\\" not found"}'), 'database-missing', 'KENDALI_INFLUX_DATABASE'],
    [http(404, '404 page not found'), 'not-influx', 'KENDALI_INFLUX_URL'],
    [http(503, 'overloaded'), 'server', 'retrying'],
    [http(400, '{"error":"partial write: field type conflict"}'), 'refused', 'field type conflict'],
    [Object.assign(new Error('connect ECONNREFUSED'), { code: 'ECONNREFUSED' }), 'unreachable', 'KENDALI_INFLUX_URL=http://influx.example:8086'],
    [new InfluxQueryError('database not found: kota'), 'database-missing', 'CREATE DATABASE "kota"'],
  ])('%s', (error, kind, mentions) => {
    const problem = describeInfluxProblem(error, target);
    expect(problem.kind).toBe(kind);
    expect(problem.detail).toContain(mentions);
  });
});
