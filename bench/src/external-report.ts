import type { ExternalFigures, ThroughputFigure } from './external-figures';
import { table } from './report-table';

const int = (value: number | null) => (value === null || !Number.isFinite(value) ? '-' : Math.round(value).toLocaleString('en-US'));
const seconds = (value: number) => value.toFixed(1);
/** Several workers' figures in one cell, "a + b". */
const each = (figure: ThroughputFigure, pick: (worker: ThroughputFigure['workers'][number]) => number) => figure.workers.map((worker) => int(pick(worker))).join(' + ');
/** Kept up: stored within 3 % of what was offered; else the phase was saturated and stored/s is its capacity. */
const keptUp = (figure: ThroughputFigure) => (figure.storedPerSecond >= 0.97 * figure.offeredPerSecond ? 'kept up' : 'saturated');

export function externalLines(figures: ExternalFigures): string[] {
  const ceiling = figures.throughput.find((figure) => figure.phase === 'bare subscriber');
  const ratio = (figure: ThroughputFigure) => (ceiling && ceiling.storedPerSecond > 0 ? (figure.storedPerSecond / ceiling.storedPerSecond).toFixed(2) : '-');
  const r = figures.redelivery;
  return [
    'Kendali behind an external broker (Mosquitto 2, loopback, same run)',
    `  store: ${figures.store}`,
    `  devices: ${figures.accounts}`,
    '',
    table(
      ['phase', 'offered/s', 'stored/s', '', 'forwarded/s', 'per worker/s', 'cpu µs/reading', 'worker cpu %', 'worker peak RSS MiB', 'mosquitto cpu %', 'mosquitto peak RSS MiB', 'loadgen cpu %', 'ratio to bare'],
      figures.throughput.map((figure) => [
        figure.phase,
        int(figure.offeredPerSecond),
        int(figure.storedPerSecond),
        keptUp(figure),
        int(figure.forwardedPerSecond),
        each(figure, (worker) => worker.storedPerSecond),
        each(figure, (worker) => worker.cpuMicrosPerReading),
        each(figure, (worker) => worker.cpuPct),
        each(figure, (worker) => worker.peakRssMiB),
        int(figure.mosquittoCpuPct),
        int(figure.mosquittoPeakRssMiB),
        int(figure.loadgenCpuPct),
        ratio(figure),
      ]),
    ),
    '',
    'offered/s    PUBACKs from Mosquitto per second in the window (the load generator, paced, QoS1)',
    'stored/s     Kendali: readings made durable (then PUBACKed to Mosquitto); bare subscriber: written to InfluxDB, or received',
    '             "saturated": stored below offered, so stored/s is what the phase can take on this machine now',
    'cpu µs/reading  each worker\'s process CPU time (all threads) ÷ the readings it stored in the window',
    '',
    `Redelivery after SIGKILL (2 workers at ${int(r.offeredPerSecond)} readings/s offered; the second killed mid-window, restarted at once)`,
    `  restart (kill → the worker printed its addresses)             ${seconds(r.restartSeconds)} s`,
    `  every acknowledged message stored, from the kill               ${seconds(r.caughtUpSeconds)} s  (the load went on to the end of the window)`,
    `  every acknowledged message stored, from the end of the load    ${seconds(r.afterLoadSeconds)} s`,
    `  acknowledged by Mosquitto ${int(r.acknowledged)}, stored (each once) ${int(r.storedOnce)}${r.storedOnce < r.acknowledged ? `  NOTE: ${int(r.acknowledged - r.storedOnce)} MISSING` : ''}`,
    `  the other worker stored ${int(r.survivorPerSecond.before)}/s before the kill, ${int(r.survivorPerSecond.whileDown)}/s while its peer was down`,
  ];
}
