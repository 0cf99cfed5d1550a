import { HttpError } from '@influxdata/influxdb-client';
import { InfluxQueryError } from './influxql';

/** What is wrong between Kendali and InfluxDB, in terms of the setting that fixes it. */
type InfluxProblemKind = 'unreachable' | 'unauthorized' | 'database-missing' | 'not-influx' | 'server' | 'refused';

export interface InfluxProblem {
  readonly kind: InfluxProblemKind;
  /** One line an operator can act on: what happened, which setting, what to do. Never the token. */
  readonly detail: string;
}

const networkCodes = new Set(['ECONNREFUSED', 'ECONNRESET', 'ENOTFOUND', 'EAI_AGAIN', 'ETIMEDOUT', 'EHOSTUNREACH', 'ENETUNREACH', 'EPIPE', 'ESOCKETTIMEDOUT']);

/**
 * Classifies a failed write or query. `refused` means InfluxDB rejected the points themselves
 * (HTTP 400, e.g. a field type conflict with data written by someone else): resending them cannot
 * help. Every other kind is retried with back-off while the readings wait in the spool.
 */
export function describeInfluxProblem(error: unknown, target: { readonly url: string; readonly database: string }): InfluxProblem {
  const url = `KENDALI_INFLUX_URL=${target.url}`;
  const message = error instanceof Error ? error.message : String(error);
  if (error instanceof HttpError) {
    const body = `${error.body ?? ''} ${error.message}`.trim();
    if (error.statusCode === 401 || error.statusCode === 403) {
      return {
        kind: 'unauthorized',
        detail: `InfluxDB at ${target.url} refused the credentials (HTTP ${error.statusCode}): set KENDALI_INFLUX_TOKEN to a token (2.x/3.x) or user:password (1.x) allowed to write to "${target.database}"; readings wait in the spool`,
      };
    }
    if (error.statusCode === 404 && /database|bucket|namespace/i.test(body)) return missingDatabase(target.database);
    if (error.statusCode === 404) {
      return { kind: 'not-influx', detail: `${url} answered 404 to /write: set KENDALI_INFLUX_URL to InfluxDB's base URL (e.g. http://host:8086, no path); readings wait in the spool` };
    }
    if (error.statusCode === 400) return { kind: 'refused', detail: `InfluxDB refused points (HTTP 400: ${oneLine(body)})` };
    return { kind: 'server', detail: `InfluxDB at ${url} answered HTTP ${error.statusCode} (${oneLine(body)}); retrying with back-off, readings wait in the spool` };
  }
  if (error instanceof InfluxQueryError && /database not found|bucket .*not found/i.test(message)) return missingDatabase(target.database);
  const code = networkCode(error);
  if (code !== undefined || /timed out/i.test(message)) {
    return { kind: 'unreachable', detail: `InfluxDB at ${url} is unreachable (${code ?? 'timed out'}): check KENDALI_INFLUX_URL and that InfluxDB is running; readings wait in the spool` };
  }
  return { kind: 'server', detail: `InfluxDB at ${target.url} failed: ${oneLine(message)}; retrying with back-off, readings wait in the spool` };
}

const missingDatabase = (database: string): InfluxProblem => ({
  kind: 'database-missing',
  detail: `InfluxDB has no database "${database}": create it (1.x: CREATE DATABASE "${database}"; 2.x: a bucket with a DBRP mapping; 3.x: a database) or set KENDALI_INFLUX_DATABASE; readings wait in the spool`,
});

function networkCode(error: unknown): string | undefined {
  for (let cause: unknown = error; cause instanceof Error; cause = cause.cause) {
    const code = (cause as NodeJS.ErrnoException).code;
    if (code !== undefined && networkCodes.has(code)) return code;
    if (cause instanceof AggregateError) {
      const inner = cause.errors.map((one: unknown) => networkCode(one)).find((found) => found !== undefined);
      if (inner !== undefined) return inner;
    }
  }
  return undefined;
}

const oneLine = (text: string) => text.replace(/\s+/g, ' ').slice(0, 200);
