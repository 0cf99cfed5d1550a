import type { Rejection } from './device-outbox';

/**
 * Where the broker hands a device's answers to commands (ingest's command service, wired by the
 * composition root). The broker acknowledges a result only once the sink has recorded it.
 */
export interface CommandResultSink {
  /** Resolves once the result is recorded, or with the reason it was not (answered on the device's errors topic). */
  acceptResult(deviceId: string, payload: Buffer): Promise<Rejection | null>;
}
