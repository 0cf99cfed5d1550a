import { execFile, spawn, type ChildProcess } from 'node:child_process';
import { connect } from 'node:net';
import { userInfo } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { writeFile } from 'node:fs/promises';
import { freePort } from './free-port';
import { makeTempDir } from './temp-dir';
import { waitFor } from './wait';

export const mosquittoProgram = '/usr/sbin/mosquitto';
/** Where Debian's mosquitto package puts the dynamic-security plugin (x86_64; `dpkg -L mosquitto`). */
export const dynamicSecurityPlugin = '/usr/lib/x86_64-linux-gnu/mosquitto_dynamic_security.so';
/** The dynamic-security admin `mosquitto_ctrl dynsec init` makes: what KENDALI_MQTT_USERNAME/_PASSWORD take. */
export const mosquittoAdmin = { username: 'kendali-admin', password: 'mosquitto-test-password' } as const;

const run = promisify(execFile);

export interface Mosquitto {
  /** mqtt://127.0.0.1:<port> (what KENDALI_MQTT_URL takes). */
  readonly url: string;
  readonly port: number;
  /** Its process id (for its CPU time in /proc). */
  readonly pid: number;
  /** Everything it logged, for failure messages. */
  output(): string;
  /** SIGTERM, waits for the exit, and removes its folder. */
  close(): Promise<void>;
}

const accepts = (port: number) =>
  new Promise<boolean>((resolve) => {
    const socket = connect(port, '127.0.0.1');
    socket.once('connect', () => {
      socket.destroy();
      resolve(true);
    });
    socket.once('error', () => resolve(false));
  });

/**
 * Starts a private Mosquitto 2 on a free loopback port with the dynamic-security plugin, its JSON
 * made by `mosquitto_ctrl dynsec init` with one admin; anonymous clients are refused. With
 * `{ accounts: 'none' }` it has no plugin and lets every client in (a stand-in for a broker whose
 * accounts are not Mosquitto's, such as EMQX asking Kendali). Started as root, Mosquitto would
 * switch to the `mosquitto` user, which may not write the temporary folder: it is told to stay the
 * current user.
 */
export async function startMosquitto(options: { readonly accounts?: 'dynamic-security' | 'none'; readonly maxQueuedMessages?: number } = {}): Promise<Mosquitto> {
  const home = await makeTempDir('mosquitto');
  const port = await freePort();
  const dynsecFile = join(home.path, 'dynamic-security.json');
  const dynamicSecurity = options.accounts !== 'none';
  if (dynamicSecurity) await run('/usr/bin/mosquitto_ctrl', ['dynsec', 'init', dynsecFile, mosquittoAdmin.username, mosquittoAdmin.password]);
  const configFile = join(home.path, 'mosquitto.conf');
  // Keys as in mosquitto.conf(5) of Mosquitto 2.0.
  await writeFile(
    configFile,
    [
      `listener ${port} 127.0.0.1`,
      ...(dynamicSecurity ? ['allow_anonymous false', `plugin ${dynamicSecurityPlugin}`, `plugin_opt_config_file ${dynsecFile}`] : ['allow_anonymous true']),
      `user ${userInfo().username}`,
      'persistence false',
      // An ingest worker away for a restart may owe more than the default 1,000; 0 is no limit.
      `max_queued_messages ${options.maxQueuedMessages ?? 10_000}`,
      'log_dest stdout',
      '',
    ].join('\n'),
  );
  let output = '';
  const child: ChildProcess = spawn(mosquittoProgram, ['-c', configFile], { stdio: ['ignore', 'pipe', 'pipe'] });
  child.stdout?.on('data', (chunk: Buffer) => (output += chunk.toString()));
  child.stderr?.on('data', (chunk: Buffer) => (output += chunk.toString()));
  const exited = new Promise((resolve) => child.once('exit', resolve));
  const close = async () => {
    if (child.exitCode === null && child.signalCode === null) {
      child.kill('SIGTERM');
      await exited;
    }
    await home.remove();
  };
  try {
    await waitFor(async () => {
      if (child.exitCode !== null) throw new Error(`mosquitto exited with ${child.exitCode}:\n${output}`);
      return (await accepts(port)) || undefined;
    }, `mosquitto on port ${port}`);
  } catch (error) {
    await close();
    throw error;
  }
  return { url: `mqtt://127.0.0.1:${port}`, port, pid: child.pid!, output: () => output, close };
}
