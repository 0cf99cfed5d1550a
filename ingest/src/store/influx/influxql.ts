import type { Transport } from '@influxdata/influxdb-client';
import type { FieldValue } from '@kendali/contracts';
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
/** A field's value as InfluxQL's JSON answers it: floats and integers as numbers, booleans, strings; null where a row has none. */
export function fieldValueOf(raw: unknown): FieldValue | null {
  if (raw === null || raw === undefined) return null;
  return typeof raw === 'boolean' || typeof raw === 'string' ? raw : Number(raw);
}

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
 * Runs one InfluxQL statement over `/query?db=&epoch=ms` — served by 1.x, by 2.x through DBRP
 * mappings and by 3.x's v1 query API — and returns its series, times in ms since the epoch.
 */
export async function runInfluxQl(transport: Transport, database: string, statement: string): Promise<readonly InfluxSeries[]> {
  const [first] = await runInfluxQlStatements(transport, database, [statement]);
  return first ?? [];
}

/**
 * Several statements in one request, each answer's series in order. The statements go in a form
 * body (POST), not the URL: a device list of thousands of ids would pass the URL limits of servers
 * and proxies (Go's net/http answers 431 past 1 MiB of request line and headers).
 */
export async function runInfluxQlStatements(transport: Transport, database: string, statements: readonly string[]): Promise<(readonly InfluxSeries[])[]> {
  const params = new URLSearchParams({ ...databaseParams(database), epoch: 'ms' });
  const form = new URLSearchParams({ q: statements.join(';\n') }).toString();
  const headers = { accept: 'application/json', 'content-type': 'application/x-www-form-urlencoded' };
  const body = (await transport.request(`/query?${params.toString()}`, form, { method: 'POST', headers })) as QueryResponse;
  if (body.error !== undefined) throw new InfluxQueryError(body.error);
  return statements.map((_, index) => {
    const result = body.results?.[index];
    if (result?.error !== undefined) throw new InfluxQueryError(result.error);
    return result?.series ?? [];
  });
}

/** Regular-expression metacharacters of RE2 (InfluxQL's engine) and the literal's own delimiter. */
const regexSpecial = /[\\^$.|?*+()[\]{}/]/g;

/**
 * `"deviceId"` matching any of `ids`: one equality, or one anchored alternation for many (a single
 * condition that 1.x matches against the tag's index, where thousands of ORed equalities grow the
 * statement and its parse tree instead).
 */
export function deviceCondition(ids: readonly string[]): string {
  if (ids.length === 1) return `"deviceId" = ${quoteString(ids[0] as string)}`;
  return `"deviceId" =~ /^(?:${ids.map((id) => id.replace(regexSpecial, (c) => `\\${c}`)).join('|')})$/`;
}
