import type { RejectionCode } from '@kendali/contracts';

/**
 * Where the broker hands device messages (ingest, wired by the composition root). The broker
 * knows nothing of stores: it only waits for `acceptTelemetry` before acknowledging.
 */
export interface TelemetrySink {
  /** Resolves once the message's valid readings are durable; rejects if they could not be stored. */
  acceptTelemetry(
    deviceId: string,
    payload: Buffer,
  ): Promise<{ readonly rejections: readonly { readonly code: RejectionCode; readonly message: string }[] }>;
  acceptStatus(deviceId: string, payload: Buffer): void;
}
