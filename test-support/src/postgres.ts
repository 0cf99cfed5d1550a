import { execFile, spawn, type ChildProcess } from 'node:child_process';
import { existsSync, readdirSync } from 'node:fs';
import { chown, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { promisify } from 'node:util';
import pg from 'pg';
import { freePort } from './free-port';
import { makeTempDir } from './temp-dir';
import { waitFor } from './wait';

const run = promisify(execFile);

/** Debian's PostgreSQL server binaries, newest major version installed (`/usr/lib/postgresql/<major>/bin`). */
export function postgresBinDir(): string {
  const root = '/usr/lib/postgresql';
  const majors = existsSync(root) ? readdirSync(root).filter((name) => /^\d+$/.test(name)).sort((a, b) => Number(b) - Number(a)) : [];
  return join(root, majors[0] ?? 'missing', 'bin');
}

export const postgresProgram = join(postgresBinDir(), 'postgres');
/** The superuser `initdb` makes, with a password: what KENDALI_DATABASE_URL signs in as in the tests. */
export const postgresAdmin = { username: 'kendali', password: 'postgres-test-password' } as const;

export interface Postgres {
  readonly port: number;
  /** A new, empty database on this server; its postgres:// URL. */
  createDatabase(name: string): Promise<string>;
  /** A new, empty database named `<prefix>_<n>`, n counting up on this server: one for each test that wants its own. */
  newDatabase(prefix: string): Promise<{ readonly name: string; readonly url: string }>;
  /** The URL of a database with another password: the server refuses it. */
  urlWithWrongPassword(database: string): string;
  /** Runs SQL as the superuser in a database, as someone with access to the server could. */
  query(database: string, sql: string): Promise<Record<string, unknown>[]>;
  output(): string;
  /** Stops the server (fast shutdown), waits for the exit, and removes its folder. */
  close(): Promise<void>;
}

// Debian's postgres user: a server refuses to run as root, so a root test run starts it as this user.
async function serverUser(): Promise<{ uid: number; gid: number } | undefined> {
  if (process.getuid?.() !== 0) return undefined;
  const id = async (flag: string) => Number((await run('id', [flag, 'postgres'])).stdout.trim());
  try {
    return { uid: await id('-u'), gid: await id('-g') };
  } catch {
    throw new Error('running as root, but there is no postgres user to run the server as (Debian: apt-get install postgresql)');
  }
}

const urlOf = (port: number, database: string, password: string = postgresAdmin.password) =>
  `postgres://${postgresAdmin.username}:${encodeURIComponent(password)}@127.0.0.1:${port}/${database}`;

/**
 * Starts a private PostgreSQL server (Debian's `postgresql` package) on a free loopback port: a
 * cluster made by `initdb` in a temporary folder, password authentication (scram-sha-256) over TCP,
 * its socket in that folder too. As root, it runs as the `postgres` user.
 */
export async function startPostgres(): Promise<Postgres> {
  const home = await makeTempDir('postgres');
  const bin = postgresBinDir();
  const user = await serverUser();
  const dataDir = join(home.path, 'data');
  const passwordFile = join(home.path, 'password');
  await writeFile(passwordFile, `${postgresAdmin.password}\n`);
  if (user) {
    await chown(home.path, user.uid, user.gid);
    await chown(passwordFile, user.uid, user.gid);
  }
  const asServer = user ? { uid: user.uid, gid: user.gid } : {};
  await run(join(bin, 'initdb'), ['-D', dataDir, '-U', postgresAdmin.username, `--pwfile=${passwordFile}`, '--auth=scram-sha-256', '--encoding=UTF8', '--locale=C.UTF-8'], { ...asServer, cwd: home.path });
  const port = await freePort();
  let output = '';
  const child: ChildProcess = spawn(join(bin, 'postgres'), ['-D', dataDir, '-p', String(port), '-h', '127.0.0.1', '-k', home.path, '-c', 'fsync=off'], {
    ...asServer,
    cwd: home.path,
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  child.stdout?.on('data', (chunk: Buffer) => (output += chunk.toString()));
  child.stderr?.on('data', (chunk: Buffer) => (output += chunk.toString()));
  const exited = new Promise((resolve) => child.once('exit', resolve));
  const close = async () => {
    if (child.exitCode === null && child.signalCode === null) {
      child.kill('SIGINT'); // fast shutdown: ends the sessions still open
      await exited;
    }
    await home.remove();
  };
  const query = async (database: string, sql: string) => {
    const client = new pg.Client({ connectionString: urlOf(port, database) });
    await client.connect();
    try {
      return (await client.query(sql)).rows as Record<string, unknown>[];
    } finally {
      await client.end();
    }
  };
  try {
    await waitFor(async () => {
      if (child.exitCode !== null) throw new Error(`postgres exited with ${child.exitCode}:\n${output}`);
      await query('postgres', 'SELECT 1');
      return true;
    }, `postgres on port ${port}`);
  } catch (error) {
    await close();
    throw error;
  }
  const createDatabase = async (name: string) => {
    await query('postgres', `CREATE DATABASE "${name}"`);
    return urlOf(port, name);
  };
  let databases = 0;
  return {
    port,
    createDatabase,
    newDatabase: async (prefix) => {
      const name = `${prefix}_${++databases}`;
      return { name, url: await createDatabase(name) };
    },
    urlWithWrongPassword: (database) => urlOf(port, database, 'not-the-password'),
    query,
    output: () => output,
    close,
  };
}

/** The running server as a suite sees it: everything but `close`, which the suite's afterAll does. */
type SuitePostgres = Omit<Postgres, 'close'>;

/** Vitest's `beforeAll` and `afterAll`, handed in: this package is imported by the bench too, which runs without Vitest. */
interface SuiteHooks {
  beforeAll(start: () => Promise<void>): void;
  afterAll(stop: () => Promise<void>): void;
}

/**
 * A private PostgreSQL server (`startPostgres`) for the calling `describe`: started in its
 * beforeAll, stopped with its folder removed in its afterAll. Registered before the suite's own
 * hooks, it is up before they start nodes on it and still up while they close them (Vitest runs
 * afterAll hooks last registered first).
 */
export function postgresForSuite(hooks: SuiteHooks): SuitePostgres {
  let server: Postgres | undefined;
  hooks.beforeAll(async () => {
    server = await startPostgres();
  });
  hooks.afterAll(async () => {
    await server?.close();
  });
  const running = () => {
    if (server === undefined) throw new Error('the suite’s PostgreSQL runs only while its tests do');
    return server;
  };
  return {
    get port() {
      return running().port;
    },
    createDatabase: (name) => running().createDatabase(name),
    newDatabase: (prefix) => running().newDatabase(prefix),
    urlWithWrongPassword: (database) => running().urlWithWrongPassword(database),
    query: (database, sql) => running().query(database, sql),
    output: () => running().output(),
  };
}
