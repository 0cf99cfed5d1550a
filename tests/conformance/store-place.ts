import { afterAll, beforeAll } from 'vitest';

/** Where a store lives: a DuckDB file, or a PostgreSQL database. */
export interface StorePlace<S> {
  /** Opens the store there as a node starting; what an earlier node wrote is there. */
  open(): Promise<{ readonly store: S; close(): Promise<void> }>;
  remove(): Promise<void>;
}

/** Opens one store for the enclosing suite (its tests use their own keys) and closes it after; `restart` opens it anew. */
export function openForSuite<S>(newPlace: () => Promise<StorePlace<S>>): { readonly store: S; restart(): Promise<void> } {
  let place: StorePlace<S> | undefined;
  let node: Awaited<ReturnType<StorePlace<S>['open']>> | undefined;
  beforeAll(async () => {
    place = await newPlace();
    node = await place.open();
  });
  afterAll(async () => {
    await node?.close();
    await place?.remove();
  });
  return {
    get store() {
      if (node === undefined) throw new Error('the store is open only while the suite runs');
      return node.store;
    },
    restart: async () => {
      await node?.close();
      node = await place!.open();
    },
  };
}
