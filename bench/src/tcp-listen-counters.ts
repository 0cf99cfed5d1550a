import { readFileSync } from 'node:fs';

/**
 * Kernel TCP counters that show what a connect storm met before the broker saw a byte (Linux,
 * /proc/net/netstat, `TcpExt`). They count for every process in this network namespace, so read
 * their growth over the storm, on a machine doing little else over loopback.
 * - ListenOverflows: a handshake completed while the listener's accept queue was full; the final ACK is dropped
 * - ListenDrops: anything dropped at a listening socket (overflows included)
 * - SyncookiesSent: the SYN queue was full, a cookie answered instead; SyncookiesFailed: a cookie that no longer checked out (the peer gets a reset)
 * - TCPSynRetrans: SYNs sent again by connecting sockets after no answer (1 s, then 2, 4, 8, 16 s later)
 */
const counterNames = ['ListenOverflows', 'ListenDrops', 'SyncookiesSent', 'SyncookiesFailed', 'TCPSynRetrans'] as const;

export type TcpListenCounters = Readonly<Record<(typeof counterNames)[number], number>>;

/** The counters now; NaN where the kernel does not have them. */
export function readTcpListenCounters(file = '/proc/net/netstat'): TcpListenCounters {
  let names: string[] = [];
  let values: string[] = [];
  try {
    // Two lines per section: "TcpExt: Name Name …" then "TcpExt: 1 2 …".
    const lines = readFileSync(file, 'utf8').split('\n').filter((line) => line.startsWith('TcpExt:'));
    names = lines[0]?.split(/\s+/) ?? [];
    values = lines[1]?.split(/\s+/) ?? [];
  } catch {
    // not Linux, or /proc not mounted: every counter NaN
  }
  const value = (name: string) => {
    const index = names.indexOf(name);
    return index < 0 ? Number.NaN : Number(values[index]);
  };
  return Object.fromEntries(counterNames.map((name) => [name, value(name)])) as TcpListenCounters;
}

export function counterGrowth(before: TcpListenCounters, after: TcpListenCounters): TcpListenCounters {
  return Object.fromEntries(counterNames.map((name) => [name, after[name] - before[name]])) as TcpListenCounters;
}
