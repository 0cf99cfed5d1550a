import type { SimulationEvent, SimulationStats, SimulationSummary } from './simulation-types';

/** One progress line: counters so far and the acknowledged rate since the previous line. */
export function formatProgress(stats: SimulationStats, devices: number, ackedPerSecond: number): string {
  return [
    `connected ${stats.connected}/${devices}`,
    `sent ${stats.sent}`,
    `acked ${stats.acknowledged}`,
    `rejected ${stats.rejected}`,
    `failed ${stats.failed}`,
    `${ackedPerSecond.toFixed(1)} msg/s`,
  ].join(' · ');
}

export function formatSummary(summary: SimulationSummary): string {
  return [
    `summary: devices ${summary.devices}`,
    `sent ${summary.sent}`,
    `acked ${summary.acknowledged}`,
    `rejected ${summary.rejected}`,
    `failed ${summary.failed}`,
    `elapsed ${(summary.elapsedMs / 1000).toFixed(1)} s`,
    `${summary.acknowledgedPerSecond.toFixed(1)} msg/s`,
  ].join(' · ');
}

const linesPerEventType = 5;

/**
 * Turns simulation events into log lines, the first few of each type only: a thousand devices
 * rejected for the same reason should not flood the terminal (the counters keep the totals).
 */
export function eventLogger(write: (line: string) => void): (event: SimulationEvent) => void {
  const printed = new Map<SimulationEvent['type'], number>();
  return (event) => {
    if (event.type === 'connected') return;
    const count = (printed.get(event.type) ?? 0) + 1;
    printed.set(event.type, count);
    if (count > linesPerEventType) return;
    const more = count === linesPerEventType ? ` (further ${event.type} events are counted, not shown)` : '';
    write(`${describeEvent(event)}${more}`);
  };
}

function describeEvent(event: Exclude<SimulationEvent, { type: 'connected' }>): string {
  switch (event.type) {
    case 'disconnected':
      return `${event.deviceId} disconnected; reconnecting`;
    case 'rejected':
      return event.notice
        ? `${event.deviceId} rejected: ${event.notice.code}: ${event.notice.message}`
        : `${event.deviceId} rejected: ${event.payload.slice(0, 200)}`;
    case 'error':
      return `${event.deviceId} error: ${event.error.message}`;
  }
}
