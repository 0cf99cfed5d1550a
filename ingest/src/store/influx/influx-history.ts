import type { Transport } from '@influxdata/influxdb-client';
import type { DeviceKindSpec, FieldValue, KindLookup, Reading } from '@kendali/contracts';
import { fieldValueOf, quoteIdentifier, runInfluxQl } from './influxql';

const tagColumns = new Set(['time', 'deviceId', 'district', 'kind']);

/** The newest point of every device, one query per kind (a series look-up on the deviceId tag). */
export async function influxLatestPerDevice(transport: Transport, database: string, kinds: KindLookup): Promise<Reading[]> {
  const readings: Reading[] = [];
  for (const spec of kinds.all()) {
    const series = await runInfluxQl(transport, database, `SELECT * FROM ${quoteIdentifier(spec.kind)} GROUP BY "deviceId" ORDER BY time DESC LIMIT 1`);
    for (const one of series) {
      const row = one.values[0];
      const deviceId = one.tags?.deviceId;
      if (row === undefined || deviceId === undefined) continue;
      readings.push(toReading(spec, deviceId, one.columns, row));
    }
  }
  return readings;
}

function toReading(spec: DeviceKindSpec, deviceId: string, columns: readonly string[], row: readonly unknown[]): Reading {
  const fields: Record<string, FieldValue> = {};
  let district = '';
  const ts = Number(row[0]);
  columns.forEach((column, index) => {
    const value = row[index];
    if (column === 'district') district = String(value ?? '');
    if (tagColumns.has(column) || value === null || value === undefined) return;
    const parsed = fieldValueOf(value);
    if (parsed !== null && Object.hasOwn(spec.fields, column)) fields[column] = parsed;
  });
  // InfluxDB keeps the measurement time only; when Kendali received it is not stored there.
  return { deviceId, kind: spec.kind, district, ts, receivedAt: ts, fields };
}
