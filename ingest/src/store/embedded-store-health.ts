import type { CommitFailure } from './group-commit-writer';
import type { StoreHealth } from './telemetry-store';

/**
 * What `/readyz`, the live frames' storage banner and the log say about the embedded store: fine
 * while its commits succeed; not fine from a failed commit until the next one succeeds, since
 * devices then get no PUBACK and send their readings again until it does.
 */
export function embeddedStoreHealth(storedCount: number, failing: CommitFailure | undefined): StoreHealth {
  const detail =
    failing === undefined
      ? `embedded DuckDB, ${storedCount} readings stored since start`
      : `embedded DuckDB: the last ${failing.commitsInARow === 1 ? 'commit' : `${failing.commitsInARow} commits`} failed (${failing.message}); devices get no PUBACK and send again`;
  return { ok: failing === undefined, detail, backlogReadings: 0, backlogBytes: 0, waitingAppends: 0, forwardedCount: 0, forwardErrorCount: 0, refusedCount: 0 };
}
