import { Point } from '@influxdata/influxdb-client';
import type { DeviceKindSpec, FieldValue, KindLookup, Reading } from '@kendali/contracts';

/**
 * One reading as one line of line protocol, millisecond timestamp (written with precision=ms).
 * Schema: measurement = the device kind; tags deviceId, district and kind (indexed, so history
 * and latest-per-device are series look-ups); fields typed as the kind defines them — floats,
 * integers (`i` suffix), booleans and strings (in double quotes, `"` and `\` escaped with a
 * backslash). All escaping (commas, spaces, `=`, quotes) is the library's Point, following the line protocol rules (docs.influxdata.com/influxdb/v1/write_protocols/line_protocol_reference/).
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
    else if (type === 'string') point.stringField(name, String(value));
    else if (type === 'integer') point.intField(name, Number(value));
    else point.floatField(name, Number(value));
  }
  const line = point.toLineProtocol();
  if (line === undefined) throw new Error(`reading of ${reading.deviceId} has no fields to write`);
  return line;
}

/**
 * Splits at `separator` where it is not escaped with a backslash (line protocol escaping) and, in
 * a field set (`quoted`), not inside a string value's double quotes, where spaces, commas and `=`
 * stand for themselves.
 */
function splitUnescaped(text: string, separator: string, limit = Number.POSITIVE_INFINITY, quoted = false): string[] {
  const parts: string[] = [];
  let start = 0;
  let inString = false;
  for (let i = 0; i < text.length && parts.length < limit - 1; i++) {
    if (text[i] === '\\') i++;
    else if (quoted && text[i] === '"') inString = !inString;
    else if (text[i] === separator && !inString) {
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
  // The series key has no quoting of its own; the field set may hold quoted strings with spaces.
  const [series, rest] = splitUnescaped(line, ' ', 2);
  const [fieldSet, time] = splitUnescaped(rest ?? '', ' ', 2, true);
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
  for (const pair of splitUnescaped(fieldSet, ',', Number.POSITIVE_INFINITY, true)) {
    const [key, value] = splitUnescaped(pair, '=', 2);
    if (key === undefined || value === undefined) continue;
    if (value.startsWith('"')) fields[unescape(key)] = unescape(value.slice(1, -1));
    else if (/^(t|true)$/i.test(value)) fields[unescape(key)] = true;
    else if (/^(f|false)$/i.test(value)) fields[unescape(key)] = false;
    else fields[unescape(key)] = Number(value.endsWith('i') ? value.slice(0, -1) : value);
  }
  const ts = Number(time);
  if (tags.deviceId === undefined || !Number.isFinite(ts)) return undefined;
  return { deviceId: tags.deviceId, kind, district: tags.district ?? '', ts, receivedAt: ts, fields };
}
