import { spawn } from 'node:child_process';
import { readFile } from 'node:fs/promises';
import { testAdminToken, repoRoot, spawnPlatform, makeTempDir } from '@kendali/test-support';

/** What connecting a large simulated fleet to the embedded platform cost. */
export interface ScaleRun {
  readonly devices: number;
  readonly exitCode: number | null;
  readonly registerS: number;
  readonly connectS: number;
  /** Resident memory of the simulator process once every device was connected. */
  readonly simulatorRssMiB: number;
  /** Resident memory of the platform process at the same moment, and at its highest seen. */
  readonly platformRssMiB: number;
  readonly platformPeakRssMiB: number;
  /** Most devices the platform counted online at once (sampled every second). */
  readonly onlineDevices: number;
  readonly sent: number;
  readonly acknowledged: number;
  readonly failed: number;
  readonly stdout: string;
  readonly stderr: string;
}

async function rssMiB(pid: number | undefined): Promise<number> {
  if (pid === undefined) return Number.NaN;
  const status = await readFile(`/proc/${pid}/status`, 'utf8').catch(() => '');
  return Math.round(Number(/^VmRSS:\s+(\d+) kB/m.exec(status)?.[1] ?? Number.NaN) / 1024);
}

/**
 * Starts the platform (its own process, no built-in simulators), then ONE simulator process
 * (`pnpm simulate`) that registers `devices` devices through the API's bulk import and connects
 * each as its own MQTT client with its own secret (real credential checks), publishes for
 * `publishS` seconds at `rateHz` each, and stops.
 */
export async function connectFleetAtScale(devices: number, options: { publishS: number; rateHz: number }): Promise<ScaleRun> {
  const data = await makeTempDir('scale');
  const platform = await spawnPlatform({ KENDALI_DATA_DIR: data.path, KENDALI_LOG_LEVEL: 'error' });
  try {
    const args = ['--url', platform.mqtt, '--api', platform.http, '--api-token', testAdminToken, '--devices', String(devices)];
    args.push('--rate', String(options.rateHz), '--duration', String(options.publishS), '--connect-concurrency', '100');
    const child = spawn(process.execPath, ['--import', 'tsx', 'simulators/src/cli.ts', ...args], { cwd: repoRoot, stdio: ['ignore', 'pipe', 'pipe'] });
    let stdout = '';
    let stderr = '';
    let platformPeakRssMiB = 0;
    let onlineDevices = 0;
    let atConnect: Promise<{ simulatorRssMiB: number; platformRssMiB: number }> | undefined;
    const sample = async (): Promise<void> => {
      platformPeakRssMiB = Math.max(platformPeakRssMiB, (await rssMiB(platform.child.pid)) || 0);
      const metrics = await (await fetch(`${platform.http}/metrics?token=${testAdminToken}`)).text();
      onlineDevices = Math.max(onlineDevices, Number(/^kendali_devices\{state="online"\} (\d+)$/m.exec(metrics)?.[1] ?? 0));
    };
    const sampler = setInterval(() => void sample().catch(() => undefined), 1_000);
    child.stdout.on('data', (chunk: Buffer) => (stdout += chunk.toString()));
    child.stderr.on('data', (chunk: Buffer) => {
      stderr += chunk.toString();
      if (!atConnect && /connected \d+ devices in/.test(stderr)) {
        atConnect = Promise.all([rssMiB(child.pid), rssMiB(platform.child.pid)]).then(([simulatorRssMiB, platformRssMiB]) => ({ simulatorRssMiB, platformRssMiB }));
      }
    });
    const exitCode = await new Promise<number | null>((resolve) => child.once('exit', resolve));
    clearInterval(sampler);
    const measured = (await atConnect) ?? { simulatorRssMiB: Number.NaN, platformRssMiB: Number.NaN };
    const seconds = (pattern: RegExp) => Number(pattern.exec(stderr)?.[1] ?? Number.NaN);
    const count = (name: string) => Number(new RegExp(`${name} (\\d+)`).exec(stdout)?.[1] ?? Number.NaN);
    return {
      devices,
      exitCode,
      registerS: seconds(/registered \d+ devices in ([\d.]+) s/),
      connectS: seconds(/connected \d+ devices in ([\d.]+) s/),
      ...measured,
      platformPeakRssMiB,
      onlineDevices,
      sent: count('sent'),
      acknowledged: count('acked'),
      failed: count('failed'),
      stdout,
      stderr,
    };
  } finally {
    await platform.stop();
    await data.remove();
  }
}

export function describeScaleRun(run: ScaleRun): string {
  return [
    `${run.devices} devices from one simulator process:`,
    `register ${run.registerS} s, connect ${run.connectS} s,`,
    `simulator RSS ${run.simulatorRssMiB} MiB, platform RSS ${run.platformRssMiB} MiB (peak ${run.platformPeakRssMiB} MiB),`,
    `online ${run.onlineDevices}, sent ${run.sent}, acked ${run.acknowledged}, failed ${run.failed}`,
  ].join(' ');
}
