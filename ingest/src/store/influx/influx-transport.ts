import { InfluxDB, type CommunicationObserver, type SendOptions, type Transport } from '@influxdata/influxdb-client';

export interface InfluxTarget {
  /** Base URL of the server, e.g. http://influx.example:8086. */
  readonly url: string;
  /** 2.x/3.x: an API token; 1.x with authentication on: `user:password`; null: none. */
  readonly token: string | null;
  /** 1.x/3.x database; 2.x bucket reached through its DBRP mapping; `db/rp` names a retention policy. */
  readonly database: string;
  readonly requestTimeoutMs: number;
}

/** `db` and optional `rp` query parameters of the 1.x write and query endpoints. */
export function databaseParams(database: string): Record<string, string> {
  const slash = database.indexOf('/');
  return slash < 0 ? { db: database } : { db: database.slice(0, slash), rp: database.slice(slash + 1) };
}

/**
 * `Token <token>` is what 2.x, 3.x and 1.8+ take; `user:password` goes as HTTP Basic, which every
 * 1.x accepts (1.x "Authentication and authorization": Basic auth, or `u`/`p` parameters).
 */
export function authorization(token: string | null): Record<string, string> {
  if (token === null) return {};
  if (token.includes(':')) return { authorization: `Basic ${Buffer.from(token).toString('base64')}` };
  return { authorization: `Token ${token}` };
}

/**
 * The client's WriteApi speaks `/api/v2/write?org=&bucket=&precision=`, which InfluxDB 1.x lacks.
 * This transport rewrites that path to `/write?db=&rp=&precision=` — the endpoint 1.x serves,
 * 2.x keeps for compatibility (bucket found through its DBRP mapping) and 3.x serves as its v1
 * write API — and passes everything else through unchanged to the client's own Node transport.
 */
export class V1CompatibleTransport implements Transport {
  readonly chunkCombiner: Transport['chunkCombiner'];

  constructor(
    private readonly inner: Transport,
    private readonly database: string,
  ) {
    this.chunkCombiner = inner.chunkCombiner;
  }

  send(path: string, requestBody: string, options: SendOptions, callbacks?: Partial<CommunicationObserver<Uint8Array>>): void {
    this.inner.send(this.map(path), requestBody, options, callbacks);
  }

  request(path: string, requestBody: unknown, options: SendOptions): Promise<unknown> {
    return this.inner.request(this.map(path), requestBody, options) as Promise<unknown>;
  }

  iterate(path: string, requestBody: unknown, options: SendOptions): AsyncIterableIterator<Uint8Array> {
    return this.inner.iterate(this.map(path), requestBody, options);
  }

  /** `/api/v2/write?…&precision=ms` → `/write?db=…&precision=ms`; other paths unchanged. */
  map(path: string): string {
    const prefix = '/api/v2/write?';
    if (!path.startsWith(prefix)) return path;
    const precision = new URLSearchParams(path.slice(prefix.length)).get('precision') ?? 'ns';
    return `/write?${new URLSearchParams({ ...databaseParams(this.database), precision }).toString()}`;
  }
}

/** The client, talking 1.x-compatible paths with the right credentials. */
export function connectInflux(target: InfluxTarget): InfluxDB {
  const base = new InfluxDB({ url: target.url, timeout: target.requestTimeoutMs, headers: authorization(target.token) });
  return new InfluxDB({ url: target.url, transport: new V1CompatibleTransport(base.transport, target.database) });
}
