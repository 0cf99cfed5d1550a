import type { Rejection } from './device-outbox';

/**
 * Where the broker hands a device's report of the settings it applied (ingest's settings service,
 * wired by the composition root). The broker acknowledges a report only once the sink has recorded it.
 */
export interface SettingsReportSink {
  /** Resolves once the report is recorded, or with the reason it was not (answered on the device's errors topic). */
  acceptReport(deviceId: string, payload: Buffer): Promise<Rejection | null>;
}
