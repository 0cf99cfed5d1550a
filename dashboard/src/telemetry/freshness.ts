// Moved to contracts so ingest's server-side trend uses the same rule; kept for wall/ and map/ imports.
export { ageMs, isStale, staleAfterIntervals, staleAfterMs } from '@kendali/contracts';
