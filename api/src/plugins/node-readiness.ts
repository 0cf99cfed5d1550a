import { storageStatus, type Core } from '@kendali/ingest';
import type { ReadinessCheck } from './health';

export interface NodeReadinessOptions {
  readonly telemetry: Core['telemetry'];
  readonly disk: Core['disk'];
  /** The composition root's own checks (broker, feed, …), listed between the store and the disk. */
  readonly extra?: Readonly<Record<string, ReadinessCheck>>;
}

/** What `/readyz` asks of any node that stores readings: its store, the composition root's checks, its disk. */
export function nodeReadinessChecks({ telemetry, disk, extra }: NodeReadinessOptions): Record<string, ReadinessCheck> {
  return {
    store: () => {
      const { ok, detail } = storageStatus(telemetry);
      return { ok, detail };
    },
    ...extra,
    // Critical fails readiness while there is still room: nothing should send more load here.
    disk: () => ({ ok: disk.usage()?.level !== 'critical', detail: disk.describe() }),
  };
}
