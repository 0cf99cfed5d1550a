import { Point } from '@influxdata/influxdb-client';
import type { DeviceKindSpec, FieldValue, KindLookup, Reading } from '@kendali/contracts';

/**
 * One reading as one line of line protocol, millisecond timestamp (written with precision=ms).
 * Schema: measurement = the device kind; tags deviceId, district and kind (indexed, so history
 * and latest-per-device are series look-ups); fields typed as the kind defines them — floats,
 * integers (`i` suffix) and booleans. All escaping (commas, spaces, `=`, quotes) is the library's
 * Point, following the line protocol rules (docs.influxdata.com/influxdb/v1/write_protocols/line_protocol_reference/).
 * Same device and same ms ⇒ same series and timestamp, so writing a line twice stores one point.
 */
export function readingLine(reading: Reading, spec: DeviceKindSpec): string {
  const fields = spec.fields;
  const point = new Point(reading.kind)
    .tag('deviceId', reading.deviceId)
    .tag('district', reading.district)
    .tag('kind', reading.kind)
    .timestamp(reading.ts);
  for (const [name, value] of Object.entries(reading.fields)) {
    const type = fields[name]?.type;
    if (type === 'boolean') point.booleanField(name, value === true);
    else if (type === 'integer') point.intField(name, Number(value));
    else point.floatField(name, Number(value));
  }
  const line = point.toLineProtocol();
  if (line === undefined) throw new Error(`reading of ${reading.deviceId} has no fields to write`);
  return line;
}

/** Splits at `separator` where it is not escaped with a backslash (line protocol escaping). */
function splitUnescaped(text: string, separator: string, limit = Number.POSITIVE_INFINITY): string[] {
  const parts: string[] = [];
  let start = 0;
  for (let i = 0; i < text.length && parts.length < limit - 1; i++) {
    if (text[i] === '\\') i++;
    else if (text[i] === separator) {
      parts.push(text.slice(start, i));
      start = i + 1;
    }
  }
  parts.push(text.slice(start));
  return parts;
}

const unescape = (text: string) => text.replace(/\\(.)/g, '$1');

/**
 * A line written by `readingLine` read back as the reading it stores (InfluxDB keeps no
 * `receivedAt`: it is the measurement time here too); undefined for a line of another shape.
 */
export function readingFromLine(line: string, kinds: KindLookup): Reading | undefined {
  const [series, fieldSet, time] = splitUnescaped(line, ' ', 3);
  if (series === undefined || fieldSet === undefined || time === undefined) return undefined;
  const [measurement, ...tagPairs] = splitUnescaped(series, ',');
  const kind = unescape(measurement ?? '');
  if (kinds.spec(kind) === undefined) return undefined;
  const tags: Record<string, string> = {};
  for (const pair of tagPairs) {
    const [key, value] = splitUnescaped(pair, '=', 2);
    if (key !== undefined && value !== undefined) tags[unescape(key)] = unescape(value);
  }
  const fields: Record<string, FieldValue> = {};
  for (const pair of splitUnescaped(fieldSet, ',')) {
    const [key, value] = splitUnescaped(pair, '=', 2);
    if (key === undefined || value === undefined) continue;
    if (/^(t|true)$/i.test(value)) fields[unescape(key)] = true;
    else if (/^(f|false)$/i.test(value)) fields[unescape(key)] = false;
    else fields[unescape(key)] = Number(value.endsWith('i') ? value.slice(0, -1) : value);
  }
  const ts = Number(time);
  if (tags.deviceId === undefined || !Number.isFinite(ts)) return undefined;
  return { deviceId: tags.deviceId, kind, district: tags.district ?? '', ts, receivedAt: ts, fields };
}
