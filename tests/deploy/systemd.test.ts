import { execFile } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync, symlinkSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { afterAll, describe, expect, it } from 'vitest';
import { loadConfig } from '@kendali/platform';
import { repoRoot, systemSuite, testedVersions } from '@kendali/test-support';

const run = promisify(execFile);
const unitFile = join(repoRoot, 'deploy/systemd/kendali.service');
const templateFile = join(repoRoot, 'deploy/systemd/kendali@.service');
const unit = readFileSync(unitFile, 'utf8');
const template = readFileSync(templateFile, 'utf8');

/** Every value of a directive in a unit, in order (a directive may be given more than once). */
const valuesIn = (text: string, key: string) => [...text.matchAll(new RegExp(`^${key}=(.*)$`, 'gm'))].map((match) => match[1]!.trim());
const values = (key: string) => valuesIn(unit, key);

/** The [Service] directives that confine the process, by name, with every value. */
function hardening(text: string): Record<string, string[]> {
  const service = text.slice(text.indexOf('[Service]'), text.indexOf('[Install]'));
  const confining = /^(NoNewPrivileges|CapabilityBoundingSet|AmbientCapabilities|Protect\w+|Private\w+|DevicePolicy|KeyringMode|LockPersonality|Restrict\w+|RemoveIPC|SystemCall\w+|MemoryDenyWriteExecute|UMask|LimitNOFILE|User|Group|KillSignal|TimeoutStopSec)=/;
  const directives: Record<string, string[]> = {};
  for (const line of service.split('\n').filter((line) => confining.test(line))) {
    const key = line.slice(0, line.indexOf('='));
    (directives[key] ??= []).push(line.slice(line.indexOf('=') + 1).trim());
  }
  return directives;
}

describe('deploy/systemd/kendali.service', () => {
  it('is hardened: read-only system but its data directory, no new privileges, no capabilities, native system calls of a service', () => {
    const expected: Record<string, string> = {
      ProtectSystem: 'strict',
      ReadWritePaths: '/var/lib/kendali',
      NoNewPrivileges: 'yes',
      PrivateTmp: 'yes',
      ProtectHome: 'yes',
      CapabilityBoundingSet: '', // it binds no port under 1024
      AmbientCapabilities: '',
      RestrictAddressFamilies: 'AF_INET AF_INET6 AF_UNIX',
      SystemCallArchitectures: 'native',
      LimitNOFILE: '65536', // one open file per connected device
    };
    for (const [key, value] of Object.entries(expected)) expect(values(key), key).toEqual([value]);
    expect(values('SystemCallFilter')).toEqual(['@system-service', '~@privileged']);
    // V8's JIT needs memory both writable and executable: this would kill Node at start.
    expect(values('MemoryDenyWriteExecute')).toEqual([]);
    // SIGTERM commits what was acknowledged; a minute is enough for it.
    expect(values('KillSignal')).toEqual(['SIGTERM']);
    expect(values('StateDirectory')).toEqual(['kendali']);
  });

  const analyze = systemSuite('/usr/bin/systemd-analyze', 'apt-get install systemd', testedVersions.systemdAnalyze);
  const node = existsSync('/usr/bin/node') ? analyze : { available: false, title: (name: string) => `${name} [skipped: /usr/bin/node, its ExecStart, not found]` };
  it.runIf(node.available)(node.title('passes `systemd-analyze verify` without a complaint'), async () => {
    const { stdout, stderr } = await run('/usr/bin/systemd-analyze', ['verify', unitFile]);
    expect(`${stdout}${stderr}`).toBe('');
  });
});

describe('deploy/systemd/kendali@.service: one node of a role, the role from the instance name', () => {
  const execStart = valuesIn(template, 'ExecStart');
  /** The settings the instance gives on the command line, with the instance name and host name filled in. */
  const instanceSettings = (role: string, host: string) =>
    Object.fromEntries(
      (/^\/usr\/bin\/env ((?:KENDALI_\w+=\S+ )+)/.exec(execStart[0] ?? '')?.[1] ?? '')
        .trim()
        .split(' ')
        .map((pair) => [pair.slice(0, pair.indexOf('=')), pair.slice(pair.indexOf('=') + 1).replaceAll('%i', role).replaceAll('%H', host)]),
    );

  it('is hardened exactly as kendali.service is, and writes only its own instance\'s data directory', () => {
    expect(hardening(template)).toEqual(hardening(unit));
    expect(Object.keys(hardening(unit)).length).toBeGreaterThan(25);
    expect(valuesIn(template, 'StateDirectory')).toEqual(['kendali/%i']);
    expect(valuesIn(template, 'ReadWritePaths')).toEqual(['/var/lib/kendali/%i']);
    expect(valuesIn(template, 'EnvironmentFile')).toEqual(valuesIn(unit, 'EnvironmentFile'));
    // The same program as the one-process unit, started through env(1), which execs it: SIGTERM and SIGHUP reach Node itself.
    expect(execStart).toHaveLength(1);
    expect(execStart[0]!.endsWith(values('ExecStart')[0]!)).toBe(true);
  });

  it('gives each instance its role, a data directory of its own and a node id of its machine and role, which Kendali accepts', () => {
    const shared = { KENDALI_MQTT_URL: 'mqtt://broker.example:1883', KENDALI_DATABASE_URL: 'postgres://kendali:secret@db.example:5432/kendali', KENDALI_INFLUX_URL: 'http://influx.example:8086', KENDALI_DATA_DIR: '/var/lib/kendali' };
    const nodes = ['ingest', 'api'].flatMap((role) => ['ingest-a.example', 'api-b.example'].map((host) => ({ role, host, settings: instanceSettings(role, host) })));
    for (const { role, host, settings } of nodes) {
      // What the instance sets wins over kendali.env (the command line's environment is the process's).
      const config = loadConfig({ ...shared, ...settings });
      expect(config.externalMqtt, `${role} on ${host}`).toMatchObject({ role, nodeId: `${host}-${role}` });
      expect(config.dataDir).toBe(`/var/lib/kendali/${role}`);
    }
    expect(new Set(nodes.map(({ settings }) => settings.KENDALI_NODE_ID)).size).toBe(nodes.length);
    expect(() => loadConfig({ ...shared, ...instanceSettings('worker', 'a') })).toThrow(/KENDALI_ROLE/);
  });

  const analyze = systemSuite('/usr/bin/systemd-analyze', 'apt-get install systemd', testedVersions.systemdAnalyze);
  const node = existsSync('/usr/bin/node') ? analyze : { available: false, title: (name: string) => `${name} [skipped: /usr/bin/node, its ExecStart, not found]` };
  const unitDir = mkdtempSync(join(tmpdir(), 'kendali-units-'));
  afterAll(() => rmSync(unitDir, { recursive: true, force: true }));
  it.runIf(node.available)(node.title('passes `systemd-analyze verify` without a complaint, as a template and as the instances ingest and api'), async () => {
    // An instance is verified through a file named after it next to the template, as systemd finds it.
    const instances = ['ingest', 'api'].map((role) => {
      const instance = join(unitDir, `kendali@${role}.service`);
      symlinkSync(templateFile, instance);
      return instance;
    });
    for (const file of [templateFile, ...instances]) {
      const { stdout, stderr } = await run('/usr/bin/systemd-analyze', ['verify', file]);
      expect(`${stdout}${stderr}`, file).toBe('');
    }
  });
});
