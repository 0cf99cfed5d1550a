import type { DuckDBInstance } from '@duckdb/node-api';
import type { City, Clock } from '@kendali/contracts';
import { ProfileCatalogue } from '../profiles/profile-catalogue';
import { DeviceRegistry } from '../registry/device-registry';
import { PendingDevices } from '../registry/pending-devices';
import { PostgresDeviceRows } from './postgres-device-rows';
import { PostgresPendingRows } from './postgres-pending-rows';
import { PostgresProfileRows } from './postgres-profile-rows';
import type { SharedDatabase } from './shared-database';

/** The kinds (device profiles), the registered devices and the discovery list. */
export interface DeviceStores {
  readonly kinds: ProfileCatalogue;
  readonly registry: DeviceRegistry;
  readonly pending: PendingDevices;
  /** Waits for their writes, then closes them (never the shared database, which is the people's stores' to close). */
  close(): Promise<void>;
}

/** Opens them in `shared` PostgreSQL when there is one, in the embedded file otherwise. */
export async function openDeviceStores(instance: DuckDBInstance, clock: Clock, cities: readonly City[], shared: SharedDatabase | null): Promise<DeviceStores> {
  const kinds = shared === null ? await ProfileCatalogue.open(instance, clock) : await ProfileCatalogue.over(new PostgresProfileRows(shared), clock, shared);
  const registry = shared === null ? await DeviceRegistry.open(instance, clock, cities, kinds) : await DeviceRegistry.over(new PostgresDeviceRows(shared), clock, cities, kinds, shared);
  const pending = shared === null ? await PendingDevices.open(instance, clock) : await PendingDevices.over(new PostgresPendingRows(shared), clock, shared);
  return {
    kinds,
    registry,
    pending,
    close: async () => {
      await registry.close();
      await kinds.close();
      await pending.close();
    },
  };
}
