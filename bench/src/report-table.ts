import type { LatencySummary } from './load-protocol';
import { phaseLabel as label, type PhaseResult } from './phase-runner';

const dash = '-';
export const int = (value: number | null | undefined) => (value === null || value === undefined || !Number.isFinite(value) ? dash : Math.round(value).toLocaleString('en-US'));
const fixed = (digits: number) => (value: number | null | undefined) =>
  value === null || value === undefined || !Number.isFinite(value) ? dash : value.toFixed(digits);
export const ms = (value: number | null | undefined) => (value === null || value === undefined ? dash : value < 10 ? value.toFixed(2) : value.toFixed(1));
const pair = (latency: LatencySummary | null) => (latency ? `${ms(latency.p50Ms)}/${ms(latency.p99Ms)}` : dash);

/** Left-aligned first column, the rest right-aligned, widths from the content. */
export function table(header: readonly string[], rows: readonly (readonly string[])[]): string {
  const widths = header.map((cell, column) => Math.max(cell.length, ...rows.map((row) => (row[column] ?? '').length)));
  const line = (cells: readonly string[]) =>
    cells.map((cell, column) => (column === 0 ? cell.padEnd(widths[column] ?? 0) : cell.padStart(widths[column] ?? 0))).join('  ');
  return [line(header), ...rows.map(line)].join('\n');
}

/** The headline latency: QoS1 publish→PUBACK (for Kendali that is publish→committed); QoS0 completed − ts. */
const headline = (result: PhaseResult) => (result.qos === 1 ? result.pubackLatency : result.completedLatency);

export function summaryTable(results: readonly PhaseResult[]): string {
  return table(
    ['phase', 'rate/s', 'p50 ms', 'p99 ms', 'frame p50', 'frame p99', 'peak RSS MiB', 'rows/commit'],
    results.map((r) => [
      label(r),
      int(r.ratePerSecond),
      ms(headline(r)?.p50Ms),
      ms(headline(r)?.p99Ms),
      ms(r.frameLatency?.p50Ms),
      ms(r.frameLatency?.p99Ms),
      int(r.broker.peakRssMiB),
      fixed(1)(r.rowsPerCommit),
    ]),
  );
}

export function detailTable(results: readonly PhaseResult[]): string {
  return table(
    ['phase', 'sent', 'acked', 'completed', 'done-ts p50/p99', 'intake p50/p99', 'loadgen/s', 'cpu broker %', 'cpu loadgen %', 'loop p99/max ms', 'VmHWM MiB'],
    results.map((r) => [
      label(r),
      int(r.load.total.sent),
      r.qos === 1 ? int(r.load.total.acked) : dash,
      int(r.completedTotal),
      pair(r.completedLatency),
      r.intakeLatency ? pair(r.intakeLatency) : dash,
      int(r.loadRatePerSecond),
      int(r.broker.cpuPct),
      int(r.load.cpuPct),
      `${ms(r.broker.loopP99Ms)}/${ms(r.broker.loopMaxMs)}`,
      int(r.broker.vmHwmMiB),
    ]),
  );
}

type Ratios = { qos0: number | null; qos1: number | null };

/** One target's rate over another's, per QoS measured (flat-out phases only: a paced phase offers less). */
function rateRatios(results: readonly PhaseResult[], over: PhaseResult['target'], under: PhaseResult['target']): Ratios {
  const ratio = (qos: 0 | 1) => {
    const top = results.find((r) => r.target === over && r.qos === qos && !r.paced);
    const bottom = results.find((r) => r.target === under && r.qos === qos && !r.paced);
    return top && bottom && bottom.ratePerSecond > 0 ? top.ratePerSecond / bottom.ratePerSecond : null;
  };
  return { qos1: ratio(1), qos0: ratio(0) };
}

/**
 * Kendali's stored rate over bare Aedes' acked (QoS1) or sent (QoS0) rate; and the durable floor's
 * over bare Aedes (the most a durable PUBACK on DuckDB leaves on this machine) and Kendali's over the floor.
 */
export function ratios(results: readonly PhaseResult[]): Ratios & { floor: Ratios; kendaliOverFloor: Ratios } {
  return { ...rateRatios(results, 'kendali', 'bare aedes'), floor: rateRatios(results, 'durable floor', 'bare aedes'), kendaliOverFloor: rateRatios(results, 'kendali', 'durable floor') };
}

export function ratioLine(results: readonly PhaseResult[]): string {
  const { qos1, qos0, floor, kendaliOverFloor } = ratios(results);
  const line = (name: string, of: Ratios) => `${name}: qos1 ${fixed(2)(of.qos1)}, qos0 ${fixed(2)(of.qos0)}`;
  const lines = [line('ratio stored/bare', { qos1, qos0 })];
  if (floor.qos1 !== null || floor.qos0 !== null) lines.push(line('ratio durable floor/bare', floor), line('ratio kendali/durable floor', kendaliOverFloor));
  return lines.join('\n');
}

/** Things that make a row's figures suspect, one line each. */
export function warnings(results: readonly PhaseResult[]): string[] {
  return results.flatMap((r) => {
    const sentOrAcked = r.qos === 1 ? r.load.total.acked : r.load.total.sent;
    return [
      ...(r.rejected > 0 ? [`${label(r)}: ${r.rejected} readings REJECTED (every bench message should be valid)`] : []),
      ...(r.storeFailures > 0 ? [`${label(r)}: ${r.storeFailures} store failures`] : []),
      ...(r.load.total.errors > 0 ? [`${label(r)}: ${r.load.total.errors} publish errors in the load generator`] : []),
      ...(r.load.undrained > 0 ? [`${label(r)}: ${r.load.undrained} messages still unacknowledged after the drain time`] : []),
      ...(r.target !== 'bare aedes' && r.qos === 1 && r.completedTotal !== r.load.total.acked
        ? [`${label(r)}: ${r.completedTotal} rows stored but ${r.load.total.acked} PUBACKs`]
        : []),
      ...(!r.drained
        ? [
            `${label(r)}: ${int(sentOrAcked - r.completedTotal)} of ${int(sentOrAcked)} messages were still queued (socket buffers) when the bench ` +
              `stopped waiting for the broker to catch up${r.qos === 0 ? '; QoS0 promises no delivery' : ''}`,
          ]
        : []),
    ];
  });
}
