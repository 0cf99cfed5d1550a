import { spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';

/** How to ask a program its version, and which versions the suite is tested with (tests/README.md). */
export interface VersionCheck {
  readonly args: readonly string[];
  readonly pattern: RegExp;
  /** The versions in words, for the reason shown on a mismatch. */
  readonly wanted: string;
}

function versionProblem(program: string, check: VersionCheck): string | undefined {
  // Some programs print their version on stderr (pdftotext -v) or exit non-zero (mosquitto_pub --help).
  const result = spawnSync(program, [...check.args], { encoding: 'utf8', timeout: 30_000, stdio: ['ignore', 'pipe', 'pipe'] });
  const output = `${result.stdout ?? ''}${result.stderr ?? ''}` || (result.error?.message ?? '');
  if (check.pattern.test(output)) return undefined;
  return `${program} is not ${check.wanted}: it says "${output.trim().split('\n')[0]}"`;
}

/**
 * A suite that needs a system package (Chromium, influxd, mosquitto) runs where the program is
 * installed in a version it is tested with. Elsewhere it is skipped with a visible reason, unless
 * KENDALI_REQUIRE_SYSTEM_SUITES=1 (set by .ci/run), where a missing program or another version
 * fails the run instead of skipping quietly.
 */
export interface SystemSuite {
  readonly available: boolean;
  /** The suite's name, with the reason it is skipped where it is. */
  readonly title: (name: string) => string;
}

export function systemSuite(program: string, installHint: string, version?: VersionCheck): SystemSuite {
  const reason = !existsSync(program) ? `${program} not found (${installHint})` : version ? versionProblem(program, version) : undefined;
  if (reason === undefined) return { available: true, title: (name) => name };
  if (process.env.KENDALI_REQUIRE_SYSTEM_SUITES === '1') {
    throw new Error(`KENDALI_REQUIRE_SYSTEM_SUITES=1 but ${reason}`);
  }
  console.warn(`SKIPPED: ${reason}`);
  return { available: false, title: (name) => `${name} [skipped: ${reason}]` };
}

/** Versions named in tests/README.md ("System packages"). */
export const testedVersions = {
  chromium: { args: ['--version'], pattern: /Chromium (1[2-9]\d|[2-9]\d\d)\./, wanted: 'Chromium 120 or newer' },
  influxd: { args: ['version'], pattern: /^InfluxDB v1\.(6|7|8)\./, wanted: 'InfluxDB 1.6-1.8' },
  mosquitto: { args: ['-h'], pattern: /mosquitto version 2\./, wanted: 'mosquitto 2.x' },
  mosquittoPub: { args: ['--help'], pattern: /mosquitto_pub version 2\./, wanted: 'mosquitto_pub 2.x' },
  mosquittoSub: { args: ['--help'], pattern: /mosquitto_sub version 2\./, wanted: 'mosquitto_sub 2.x' },
  // Debian's python3-paho-mqtt, asked through the Python it is installed for; without it the reason is the ImportError's line, not a traceback's first.
  pahoMqtt: { args: ['-c', "try:\n import paho.mqtt\n print('paho-mqtt ' + paho.mqtt.__version__)\nexcept ImportError as error:\n print(error)"], pattern: /^paho-mqtt (1\.([5-9]|\d\d)|[2-9])\./, wanted: 'python3-paho-mqtt 1.5 or newer' },
  pdftotext: { args: ['-v'], pattern: /pdftotext version (2\d|[3-9]\d)\./, wanted: 'poppler-utils 20 or newer' },
  pdftoppm: { args: ['-v'], pattern: /pdftoppm version (2\d|[3-9]\d)\./, wanted: 'poppler-utils 20 or newer' },
  postgres: { args: ['--version'], pattern: /PostgreSQL\) 1[3-9]\./, wanted: 'PostgreSQL 13-19' },
  openssl: { args: ['version'], pattern: /^OpenSSL 3\./, wanted: 'OpenSSL 3.x' },
  strace: { args: ['-V'], pattern: /strace -- version ([5-9]|\d\d)\./, wanted: 'strace 5 or newer' },
  systemdAnalyze: { args: ['--version'], pattern: /^systemd (2[5-9]\d|[3-9]\d\d) /, wanted: 'systemd 250 or newer' },
} as const satisfies Record<string, VersionCheck>;
