import { Point } from '@influxdata/influxdb-client';
import { kindSpec, type Reading } from '@kendali/contracts';

/**
 * One reading as one line of line protocol, millisecond timestamp (written with precision=ms).
 * Schema: measurement = the device kind; tags deviceId, district and kind (indexed, so history
 * and latest-per-device are series look-ups); fields typed as the kind defines them — floats,
 * integers (`i` suffix) and booleans. All escaping (commas, spaces, `=`, quotes) is the library's
 * Point, following the line protocol rules (docs.influxdata.com/influxdb/v1/write_protocols/line_protocol_reference/).
 * Same device and same ms ⇒ same series and timestamp, so writing a line twice stores one point.
 */
export function readingLine(reading: Reading): string {
  const fields = kindSpec(reading.kind).fields;
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
