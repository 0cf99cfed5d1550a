import { DuckDBInstance } from '@duckdb/node-api';
import { afterAll, afterEach, beforeAll, beforeEach } from 'vitest';
import type { ManualClock } from '@kendali/contracts';

/** Stores a node opened, closed in one call with whatever the harness opened under them. */
export interface StoreNode {
  close(): Promise<void>;
}

/** Where a suite's stores live for one test (a DuckDB file, a PostgreSQL database): opened by nodes, removed after. */
export interface StorePlace<Node extends StoreNode> {
  open(): Promise<Node>;
  remove(): Promise<void>;
}

/** One node's stores, open on a place. */
export interface NodeStores<Stores> extends StoreNode {
  readonly stores: Stores;
}

/** Where a suite's stores live: a DuckDB file, or a PostgreSQL database. */
export interface ClockedPlace<Stores> {
  /** Opens the stores there as a node starting on `clock`; what an earlier node wrote is there. */
  open(clock: ManualClock): Promise<NodeStores<Stores>>;
  remove(): Promise<void>;
}

/**
 * Opens one node on a new place for the calling `describe` (its tests use their own keys), and
 * closes it and removes the place after; `restart` closes the node and opens one anew.
 */
export function openForSuite<Store>(newPlace: () => Promise<StorePlace<NodeStores<Store>>>): { readonly store: Store; restart(): Promise<void> } {
  let place: StorePlace<NodeStores<Store>> | undefined;
  let node: NodeStores<Store> | undefined;
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
      return node.stores;
    },
    restart: async () => {
      await node?.close();
      node = await place!.open();
    },
  };
}

/**
 * Gives each test of the calling `describe` a new place, and after it closes every node opened
 * there and removes the place. `open` starts a node on it; `restart` closes every node open, then
 * starts one: what survives is what the place kept.
 */
export function nodesOnNewPlaces<Node extends StoreNode>(newPlace: () => Promise<StorePlace<Node>>): { open(): Promise<Node>; restart(): Promise<Node> } {
  let place: StorePlace<Node> | undefined;
  const nodes: Node[] = [];
  const closeAll = async () => {
    for (const node of nodes.splice(0)) await node.close();
  };
  const open = async () => {
    if (place === undefined) throw new Error('a node opens only inside a test');
    const node = await place.open();
    nodes.push(node);
    return node;
  };

  beforeEach(async () => {
    place = await newPlace();
  });

  afterEach(async () => {
    await closeAll();
    await place?.remove();
    place = undefined;
  });

  return {
    open,
    restart: async () => {
      await closeAll();
      return open();
    },
  };
}

/**
 * `nodesOnNewPlaces` for places opened on `clock`, set back to `startMs` before each test; `open`
 * and `restart` give the node's stores.
 */
export function storesOnNewPlaces<Stores>(newPlace: () => Promise<ClockedPlace<Stores>>, clock: ManualClock, startMs: number): { open(): Promise<Stores>; restart(): Promise<Stores> } {
  const nodes = nodesOnNewPlaces(async () => {
    clock.set(startMs);
    const place = await newPlace();
    return { open: () => place.open(clock), remove: () => place.remove() };
  });
  return { open: async () => (await nodes.open()).stores, restart: async () => (await nodes.restart()).stores };
}

/**
 * Stores opened on a DuckDB instance at `path` (a file, or `:memory:` where another database holds
 * them): closing the node closes the stores, then the instance; a failed open closes the instance too.
 */
export async function onDuckDb<Stores extends StoreNode>(path: string, openStores: (instance: DuckDBInstance) => Promise<Stores>): Promise<NodeStores<Stores>> {
  const instance = await DuckDBInstance.create(path);
  try {
    const stores = await openStores(instance);
    return {
      stores,
      close: async () => {
        await stores.close();
        instance.closeSync();
      },
    };
  } catch (error) {
    instance.closeSync();
    throw error;
  }
}
