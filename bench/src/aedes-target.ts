import { Aedes } from 'aedes';
import type { BenchTarget } from './bench-target';
import { CompletionTimeline } from './completion-timeline';
import { serveOnLoopback } from './loopback-broker';

const comma = 0x2c;
const tsOffset = Buffer.byteLength('{"ts":');

/**
 * Bare Aedes with its defaults: no authorizePublish, no subscriber, no storage; the ceiling.
 * Its 'publish' event fires once a message has been through the broker's publish path (after the
 * QoS1 PUBACK is written; for QoS0, after the emitter's queue), which is what gets counted. The
 * listener reads `ts` from the payload's leading bytes instead of parsing the JSON.
 */
export async function startAedesTarget(): Promise<BenchTarget> {
  const broker = await Aedes.createBroker();
  const completions = new CompletionTimeline();
  let completed = 0;
  broker.on('publish', (packet, client) => {
    if (client === null) return; // the broker's own $SYS messages
    completed++;
    const payload = packet.payload as Buffer;
    const end = payload.indexOf(comma, tsOffset);
    const ts = Number(payload.toString('latin1', tsOffset, end === -1 ? payload.length - 1 : end));
    const nowMs = Date.now();
    completions.record(nowMs, Number.isFinite(ts) ? nowMs - ts : 0);
  });

  const served = await serveOnLoopback(broker);
  return {
    name: 'bare aedes',
    url: served.url,
    completions,
    frames: null,
    intake: null,
    http: null,
    counters: () => ({ completed, rejected: 0, storeFailures: 0 }),
    close: () => served.close(),
  };
}
