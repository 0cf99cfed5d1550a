// Moved to contracts so ingest's server-side trend finds the same levels; kept for wall/ imports.
export type { PostLevel, SiagaThresholds } from '@kendali/contracts';
export { defaultSiagaThresholds, moreAlarming, postLevel, siagaThresholdsOf } from '@kendali/contracts';
