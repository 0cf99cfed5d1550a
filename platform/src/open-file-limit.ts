import { readFileSync } from 'node:fs';

/** This process's soft limit on open files (`ulimit -n`), where the system tells it (Linux /proc). */
export function openFileLimit(limitsFile = '/proc/self/limits'): number | undefined {
  try {
    const soft = /^Max open files\s+(\d+|unlimited)\s/m.exec(readFileSync(limitsFile, 'utf8'))?.[1];
    if (soft === undefined) return undefined;
    return soft === 'unlimited' ? Number.POSITIVE_INFINITY : Number(soft);
  } catch {
    return undefined;
  }
}

/** Files the platform keeps open besides device connections: data files, WAL, HTTP clients, listeners. */
export const reservedFiles = 256;

/**
 * Built-in simulated devices connect over loopback to the broker in the same process, so each one
 * holds two sockets here: its own end and the broker's. Past the open-file limit, accept() fails and
 * the kernel's connection is reset, which looks like a broker fault; say what to change instead.
 */
export function simulatedFleetFileProblem(devices: number, limit: number | undefined): string | undefined {
  if (limit === undefined) return undefined;
  const needed = 2 * devices + reservedFiles;
  if (needed <= limit) return undefined;
  const fits = Math.max(0, Math.floor((limit - reservedFiles) / 2));
  return [
    `KENDALI_SIMULATE_DEVICES=${devices}: built-in simulated devices need about ${needed} open files in this process`,
    `(each connection counts twice, the device's end and the broker's), but the limit (ulimit -n) is ${limit}.`,
    `Lower KENDALI_SIMULATE_DEVICES to at most ${fits}, raise the limit (ulimit -n 65536; LimitNOFILE= under systemd),`,
    'or run the fleet as its own process: KENDALI_SIMULATE=0 and `pnpm simulate -- --url mqtt://127.0.0.1:1883',
    `--api http://127.0.0.1:8080 --api-token <admin token> --devices ${devices}\`.`,
  ].join(' ');
}
