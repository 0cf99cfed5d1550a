import type { LiveStats, StorageStatus } from '@kendali/contracts';

/** The store's health as live frames report it (`stats.storage`), e.g. InfluxDB unreachable. */
export type StorageHealth = StorageStatus;

/**
 * `stats.storage`, checked: null from a server that does not send it (older versions), whose
 * store is then known only through `/readyz`.
 */
export function storageHealthOf(stats: LiveStats | null): StorageHealth | null {
  const storage: unknown = stats?.storage;
  if (typeof storage !== 'object' || storage === null || !('ok' in storage) || typeof storage.ok !== 'boolean') return null;
  const detail = 'detail' in storage && typeof storage.detail === 'string' ? storage.detail : '';
  const backlogReadings = 'backlogReadings' in storage && typeof storage.backlogReadings === 'number' ? storage.backlogReadings : 0;
  return { ok: storage.ok, detail, backlogReadings };
}
