import { spawn, type ChildProcess } from 'node:child_process';
import { existsSync } from 'node:fs';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';

export const influxdProgram = '/usr/bin/influxd';

/** A private influxd for the bench: temporary directories, loopback ports, reporting off. */
export interface BenchInfluxd {
  readonly url: string;
  start(): Promise<void>;
  stop(): Promise<void>;
  createDatabase(name: string): Promise<void>;
  /** Stops it and removes its directories. */
  close(): Promise<void>;
}

async function freePort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as { port: number };
  await new Promise((resolve) => server.close(resolve));
  return port;
}

export async function startBenchInfluxd(): Promise<BenchInfluxd> {
  if (!existsSync(influxdProgram)) throw new Error(`${influxdProgram} not found: apt-get install influxdb`);
  const home = await mkdtemp(join(tmpdir(), 'kendali-bench-influxd-'));
  const [httpPort, rpcPort] = [await freePort(), await freePort()];
  const config = join(home, 'influxdb.conf');
  // 1.x configuration reference; the same settings as tests/support/influxd.ts.
  await writeFile(config, `reporting-disabled = true
bind-address = "127.0.0.1:${rpcPort}"
[meta]
  dir = "${join(home, 'meta')}"
[data]
  dir = "${join(home, 'data')}"
  wal-dir = "${join(home, 'wal')}"
  query-log-enabled = false
[http]
  bind-address = "127.0.0.1:${httpPort}"
  log-enabled = false
[monitor]
  store-enabled = false
[continuous_queries]
  enabled = false
[logging]
  level = "error"
`);
  const url = `http://127.0.0.1:${httpPort}`;
  let child: ChildProcess | undefined;
  const start = async () => {
    const started = spawn(influxdProgram, ['run', '-config', config], { stdio: 'ignore' });
    child = started;
    for (const deadline = Date.now() + 30_000; Date.now() < deadline; await sleep(50)) {
      if (started.exitCode !== null) throw new Error(`influxd exited with ${started.exitCode}`);
      if ((await fetch(`${url}/ping`).catch(() => undefined))?.status === 204) return;
    }
    started.kill('SIGKILL');
    throw new Error('influxd did not answer /ping within 30 s');
  };
  const stop = async () => {
    const running = child;
    child = undefined;
    if (running === undefined || running.exitCode !== null) return;
    const exited = new Promise((resolve) => running.once('exit', resolve));
    running.kill('SIGTERM');
    await exited;
  };
  await start();
  return {
    url,
    start,
    stop,
    createDatabase: async (name) => {
      const response = await fetch(`${url}/query`, { method: 'POST', body: new URLSearchParams({ q: `CREATE DATABASE "${name}"` }) });
      if (!response.ok) throw new Error(`CREATE DATABASE answered ${response.status}`);
    },
    close: async () => {
      await stop();
      await rm(home, { recursive: true, force: true });
    },
  };
}
