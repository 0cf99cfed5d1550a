import { EventEmitter } from 'node:events';
import { ExternalIngest, type ExternalIngestEvents, type ExternalIngestOptions } from './external-ingest';

/** The most connections one worker opens: each is a broker session, kept for days while the worker is away. */
export const maxIngestConnections = 64;

/**
 * The client id of a worker's `index`-th connection (1-based): the node id itself for the first,
 * so a worker that had one connection resumes that session, then `<nodeId>~2`, `<nodeId>~3`, …
 * Stable across restarts, so each session's unacknowledged messages come back to the same worker.
 * A node id never holds `~` (KENDALI_NODE_ID allows letters, digits, `.`, `-`, `_`), so these never
 * collide with another node's ids, as `ingest-2` would with the second connection of `ingest`.
 */
export function ingestClientId(nodeId: string, index: number): string {
  if (!Number.isInteger(index) || index < 1 || index > maxIngestConnections) throw new RangeError(`connection index ${index} is outside 1-${maxIngestConnections}`);
  return index === 1 ? nodeId : `${nodeId}~${index}`;
}

export interface IngestConnectionsOptions extends Omit<ExternalIngestOptions, 'clientId'> {
  /** The worker's node id: the client ids derive from it (`ingestClientId`). */
  readonly nodeId: string;
  /** How many connections, each its own persistent session in the share group (1-64). */
  readonly count: number;
}

/**
 * A worker's connections to the external broker, all members of the same shared subscription.
 * mqtt.js hands one connection's messages over one at a time (the next after the previous PUBACK),
 * so one connection makes one reading per commit; with several, the broker spreads the devices'
 * messages over them and those in flight together share the pipeline's group commit. Every
 * connection keeps the guarantees of `ExternalIngest`: PUBACK only once durable and on the feed.
 */
export class IngestConnections extends EventEmitter<ExternalIngestEvents> {
  private constructor(
    readonly connections: readonly ExternalIngest[],
    private readonly options: IngestConnectionsOptions,
  ) {
    super();
    for (const connection of connections) this.#forward(connection);
  }

  /** Opens every connection at once; if one fails, the others are closed and its error thrown. */
  static async connect(options: IngestConnectionsOptions): Promise<IngestConnections> {
    const { nodeId, count, ...shared } = options;
    if (!Number.isInteger(count) || count < 1 || count > maxIngestConnections) throw new RangeError(`ingest connections must be 1-${maxIngestConnections}, not ${count}`);
    const opened = await Promise.allSettled(indices(1, count).map((index) => ExternalIngest.connect({ ...shared, clientId: ingestClientId(nodeId, index) })));
    const connections = opened.flatMap((result) => (result.status === 'fulfilled' ? [result.value] : []));
    const failed = opened.find((result) => result.status === 'rejected');
    if (failed) {
      await Promise.all(connections.map((connection) => connection.close()));
      throw failed.reason;
    }
    return new IngestConnections(connections, options);
  }

  /**
   * Retires the sessions of client ids above the count, left by a start with more connections:
   * the broker would otherwise keep handing each its share of the messages until it expires. What
   * they hold is stored first (`ExternalIngest.retire`). Resolves with the client ids that had one.
   */
  async retireLeftOver(): Promise<string[]> {
    const { nodeId, count, ...shared } = this.options;
    const leftOver = indices(count + 1, maxIngestConnections).map((index) => ingestClientId(nodeId, index));
    const outcomes = await Promise.all(leftOver.map((clientId) => ExternalIngest.retire({ ...shared, clientId }, (retiring) => this.#forward(retiring))));
    return leftOver.filter((_, k) => outcomes[k] === 'retired');
  }

  /** How many of the connections are up right now. */
  get connectedCount(): number {
    return this.connections.filter((connection) => connection.connected).length;
  }

  /** Leaves every session with the broker (it keeps what is not acknowledged) and closes the connections. */
  async close(): Promise<void> {
    await Promise.all(this.connections.map((connection) => connection.close()));
  }

  #forward(connection: ExternalIngest): void {
    connection.on('storeFailed', (failure) => this.emit('storeFailed', failure));
    connection.on('connectionError', (error) => this.emit('connectionError', error));
  }
}

/** from, from + 1, …, to (none when to < from). */
const indices = (from: number, to: number) => Array.from({ length: Math.max(0, to - from + 1) }, (_, k) => from + k);
