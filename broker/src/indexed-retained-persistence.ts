import { Readable } from 'node:stream';
import memoryPersistence, { type AedesPersistence, type CallbackError, type Packet } from 'aedes-persistence';

type StoreRetained = (packet: Packet, done?: (error: CallbackError) => void) => Promise<void> | undefined;

const hasWildcard = (pattern: string): boolean => pattern.includes('+') || pattern.includes('#');

/**
 * Aedes' in-memory persistence answering a SUBSCRIBE for retained messages by exact topic.
 *
 * aedes-persistence 11 tests a new subscription's pattern against every retained message. Each
 * device keeps one retained status, and each subscribes to its own errors topic on connect, so a
 * fleet connecting costs O(devices²): with 4,000 devices Qlobber matching was the top of the
 * broker's profile and connects slowed as the fleet grew. A subscription without wildcards (what
 * devices send, [MQTT-4.7.1]) can match only the retained message of that very topic, so it is
 * answered from an index; wildcard subscriptions (observers, operators) still take the full scan.
 */
export function indexedRetainedPersistence(): AedesPersistence {
  const persistence = memoryPersistence();
  const retained = new Map<string, Packet>();
  // Aedes 1.2 calls storeRetained without a callback and awaits the promise it then returns; the
  // published types still describe only the callback form.
  const storeRetained = persistence.storeRetained.bind(persistence) as unknown as StoreRetained;
  const scanRetained = persistence.createRetainedStreamCombi.bind(persistence);

  const indexedStoreRetained: StoreRetained = (packet, done) => {
    if (packet.cmd === 'publish') {
      // An empty retained payload clears the topic's retained message [MQTT-3.3.1-10].
      if (packet.payload.length === 0) retained.delete(packet.topic);
      else retained.set(packet.topic, { ...packet });
    }
    return storeRetained(packet, done);
  };
  persistence.storeRetained = indexedStoreRetained as AedesPersistence['storeRetained'];
  persistence.createRetainedStreamCombi = (patterns) => {
    if (patterns.some(hasWildcard)) return scanRetained(patterns);
    return Readable.from(patterns.flatMap((topic) => retained.get(topic) ?? []));
  };
  return persistence;
}
