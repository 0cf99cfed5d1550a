export { Ingest, defaultIngestOptions, type IngestOptions, type TelemetryOutcome, type RejectionRecord } from './ingest';
export type { Rejection } from './rejection';
export type { DeviceRegistry } from './registry/device-registry';
export type { LiveState, DeviceLive } from './live/live-state';
export { aggregateFns, type AggregateFn, type HistoryPoint, type HistoryQuery, type TelemetryStore } from './store/telemetry-store';
export { decodeJsonPayload } from './decode/json';
export { ReadingValidator } from './validate/reading-validator';
