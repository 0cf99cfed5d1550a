import { spawn, type ChildProcess } from 'node:child_process';
import { existsSync } from 'node:fs';
import { writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { freePort } from './free-port';
import { makeTempDir } from './temp-dir';
import { waitFor } from './wait';

export const influxdProgram = '/usr/bin/influxd';

/** `user:password` of the admin user of an influxd started with `auth: true` (KENDALI_INFLUX_TOKEN takes this form for 1.x). */
export const influxdAdmin = 'kendali-admin:influx-test-password';

export interface Influxd {
  /** Base URL, e.g. http://127.0.0.1:34567 (what KENDALI_INFLUX_URL takes). */
  readonly url: string;
  /** Starts it again on the same directories and ports (after `stop`). */
  start(): Promise<void>;
  /** SIGTERM, and waits for the exit. */
  stop(): Promise<void>;
  /** InfluxQL over /query; returns the first statement's series. */
  query(q: string, database?: string): Promise<InfluxSeries[]>;
  createDatabase(name: string): Promise<void>;
  /** Stops it and removes its directories. */
  close(): Promise<void>;
}

export interface InfluxSeries {
  readonly name: string;
  readonly tags?: Record<string, string>;
  readonly columns: string[];
  readonly values: unknown[][];
}

/**
 * Starts a private influxd (Debian's 1.6.7 here) with its meta, data and WAL directories in a
 * temporary folder, HTTP and RPC on free loopback ports, reporting and self-monitoring off.
 */
export async function startInfluxd(options: { readonly auth?: boolean } = {}): Promise<Influxd> {
  if (!existsSync(influxdProgram)) throw new Error(`${influxdProgram} not found: apt-get install influxdb`);
  const home = await makeTempDir('influxd');
  const [httpPort, rpcPort] = [await freePort(), await freePort()];
  const configFile = join(home.path, 'influxdb.conf');
  // Keys as in the 1.x configuration reference (docs.influxdata.com/influxdb/v1/administration/config/).
  await writeFile(
    configFile,
    [
      'reporting-disabled = true',
      `bind-address = "127.0.0.1:${rpcPort}"`,
      '[meta]',
      `  dir = "${join(home.path, 'meta')}"`,
      '[data]',
      `  dir = "${join(home.path, 'data')}"`,
      `  wal-dir = "${join(home.path, 'wal')}"`,
      '  query-log-enabled = false',
      '[http]',
      `  bind-address = "127.0.0.1:${httpPort}"`,
      '  log-enabled = false',
      `  auth-enabled = ${options.auth === true}`,
      '[monitor]',
      '  store-enabled = false',
      '[continuous_queries]',
      '  enabled = false',
      '[logging]',
      '  level = "warn"',
      '',
    ].join('\n'),
  );
  const url = `http://127.0.0.1:${httpPort}`;
  let child: ChildProcess | undefined;
  let output = '';

  const start = async () => {
    output = '';
    const started = spawn(influxdProgram, ['run', '-config', configFile], { stdio: ['ignore', 'pipe', 'pipe'] });
    child = started;
    started.stdout?.on('data', (chunk: Buffer) => (output += chunk.toString()));
    started.stderr?.on('data', (chunk: Buffer) => (output += chunk.toString()));
    await waitFor(async () => {
      if (started.exitCode !== null) throw new Error(`influxd exited with ${started.exitCode}:\n${output}`);
      return (await fetch(`${url}/ping`)).status === 204 ? true : undefined;
    }, `influxd on ${url}`, 30_000).catch((error: unknown) => {
      started.kill('SIGKILL');
      throw error;
    });
  };
  const stop = async () => {
    const running = child;
    child = undefined;
    if (running === undefined || running.exitCode !== null) return;
    const exited = new Promise((resolve) => running.once('exit', resolve));
    running.kill('SIGTERM');
    const timer = setTimeout(() => running.kill('SIGKILL'), 10_000);
    await exited;
    clearTimeout(timer);
  };
  const query = async (q: string, database?: string): Promise<InfluxSeries[]> => {
    const params = new URLSearchParams({ q, epoch: 'ms', ...(database ? { db: database } : {}) });
    const headers = options.auth ? { authorization: `Basic ${Buffer.from(influxdAdmin).toString('base64')}` } : undefined;
    const response = await fetch(`${url}/query`, { method: 'POST', body: params, ...(headers ? { headers } : {}) });
    const body = (await response.json()) as { results?: { series?: InfluxSeries[]; error?: string }[]; error?: string };
    const error = body.error ?? body.results?.[0]?.error;
    if (!response.ok || error) throw new Error(`influxd answered ${response.status} to ${q}: ${error ?? ''}`);
    return body.results?.[0]?.series ?? [];
  };

  await start();
  // With authentication on, the first user may be created without credentials (1.x "Authentication and authorization").
  if (options.auth) {
    const [user, password] = influxdAdmin.split(':') as [string, string];
    const created = await fetch(`${url}/query`, { method: 'POST', body: new URLSearchParams({ q: `CREATE USER "${user}" WITH PASSWORD '${password}' WITH ALL PRIVILEGES` }) });
    if (!created.ok) throw new Error(`influxd refused to create the admin user: ${await created.text()}`);
  }
  return {
    url,
    start,
    stop,
    query,
    createDatabase: async (name) => void (await query(`CREATE DATABASE "${name}"`)),
    close: async () => {
      await stop();
      await home.remove();
    },
  };
}
