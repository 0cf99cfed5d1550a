// Moved to contracts so ingest's server-side trend computes the same figures; kept for wall/ imports.
export type { AreaFigures, HighestPost, ThresholdsOf } from '@kendali/contracts';
export { areaFigures } from '@kendali/contracts';
