import { execFile } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { describe, expect, it } from 'vitest';
import { repoRoot, systemSuite, testedVersions } from '@kendali/test-support';

const run = promisify(execFile);
const unitFile = join(repoRoot, 'deploy/systemd/kendali.service');
const unit = readFileSync(unitFile, 'utf8');

/** Every value of a directive in the unit, in order (a directive may be given more than once). */
const values = (key: string) => [...unit.matchAll(new RegExp(`^${key}=(.*)$`, 'gm'))].map((match) => match[1]!.trim());

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
