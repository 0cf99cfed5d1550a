import type { Transport } from '@influxdata/influxdb-client';
import { databaseParams } from './influx-transport';
import { IngestError } from '../../errors';

/**
 * InfluxQL quoting (InfluxQL reference, "Identifiers" and "Literals"): identifiers in double
 * quotes, string literals in single quotes, each with its quote and backslash escaped. Line
 * protocol is escaped by the client library; queries have no such helper, hence these two.
 */
export const quoteIdentifier = (name: string): string => `"${name.replace(/\\/g, '\\\\').replace(/"/g, '\\"')}"`;
export const quoteString = (value: string): string => `'${value.replace(/\\/g, '\\\\').replace(/'/g, "\\'")}'`;

/** An absolute time as an epoch literal with a unit (InfluxQL: `time >= 1439856000000ms`). */
export const epochMs = (ms: number): string => `${Math.trunc(ms)}ms`;

export interface InfluxSeries {
  readonly name: string;
  readonly tags?: Readonly<Record<string, string>>;
  readonly columns: readonly string[];
  readonly values: readonly (readonly unknown[])[];
}

interface QueryResponse {
  readonly results?: readonly { readonly series?: readonly InfluxSeries[]; readonly error?: string }[];
  readonly error?: string;
}

/** An InfluxQL statement the server answered with an error (HTTP 200 with `error` in 1.x). */
export class InfluxQueryError extends IngestError {
  constructor(message: string) {
    super('KENDALI_ERR_INFLUX_QUERY', message);
    this.name = 'InfluxQueryError';
  }
}

/**
 * Runs one InfluxQL statement over `GET /query?db=&q=&epoch=ms` — served by 1.x, by 2.x through
 * DBRP mappings and by 3.x's v1 query API — and returns its series, times in ms since the epoch.
 */
export async function runInfluxQl(transport: Transport, database: string, statement: string): Promise<readonly InfluxSeries[]> {
  const params = new URLSearchParams({ ...databaseParams(database), q: statement, epoch: 'ms' });
  const body = (await transport.request(`/query?${params.toString()}`, '', { method: 'GET', headers: { accept: 'application/json' } })) as QueryResponse;
  const first = body.results?.[0];
  const error = body.error ?? first?.error;
  if (error !== undefined) throw new InfluxQueryError(error);
  return first?.series ?? [];
}
