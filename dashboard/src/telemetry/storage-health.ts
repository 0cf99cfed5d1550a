import type { DiskUsage, LiveStats, StorageStatus } from '@kendali/contracts';

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
  const disk = 'disk' in storage ? diskUsageOf(storage.disk) : null;
  return { ok: storage.ok, detail, backlogReadings, ...(disk ? { disk } : {}) };
}

function diskUsageOf(value: unknown): DiskUsage | null {
  if (typeof value !== 'object' || value === null) return null;
  const { freeBytes, sizeBytes, storeBytes, level } = value as Record<string, unknown>;
  if (typeof freeBytes !== 'number' || typeof sizeBytes !== 'number' || typeof storeBytes !== 'number') return null;
  if (level !== 'ok' && level !== 'low' && level !== 'critical') return null;
  return { freeBytes, sizeBytes, storeBytes, level };
}
