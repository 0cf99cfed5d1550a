import type { AedesPersistence, CallbackError, Packet } from 'aedes-persistence';
import { BrokerError } from './errors';

type IncomingGet = (client: { id: string }, packet: Packet, done?: (error: CallbackError, packet: Packet) => void) => Promise<Packet> | undefined;
type CleanIncoming = (client: { id: string }, done?: (error: CallbackError, client: unknown) => void) => Promise<void> | undefined;

/**
 * QoS 2 messages taken in and not yet released, per client id: MQTT 3.1.1 §4.3.3, method B. Until
 * the PUBREL of a packet identifier, a PUBLISH with that identifier is the same message, whatever
 * its DUP flag, and must not be delivered again [MQTT-4.3.3-2].
 *
 * Aedes keeps that state in its persistence, but consults it only after `authorizePublish`, which
 * is where Kendali stores the reading (the durability point): so the hook asks here first. A
 * receipt is held from the first PUBLISH (while its reading is still being stored, so a copy that
 * arrives meanwhile waits for it rather than storing it again) until the PUBREL, or until the
 * session ends (a clean-session connect or disconnect). It lives as long as the session in
 * Aedes' persistence, across reconnects with clean = false.
 */
export class Qos2Receipts {
  readonly #byClient = new Map<string, Map<number, Promise<unknown>>>();

  /** @param maxPerClient receipts one client may hold, as Aedes bounds its own (`maxInflightInbound`). */
  constructor(private readonly maxPerClient: number) {}

  /**
   * Runs `take` for the first copy of a message; a copy with the same identifier before its
   * PUBREL gets `undefined` once the first copy's `take` has settled, and fails if it failed.
   * Throws `KENDALI_ERR_PUBREL_WINDOW` instead of taking a new message beyond the bound.
   */
  async once<T>(clientId: string, messageId: number, take: () => Promise<T>): Promise<T | undefined> {
    let receipts = this.#byClient.get(clientId);
    const first = receipts?.get(messageId);
    if (first !== undefined) {
      await first;
      return undefined;
    }
    if (receipts === undefined) this.#byClient.set(clientId, (receipts = new Map()));
    if (receipts.size >= this.maxPerClient) {
      throw new BrokerError('KENDALI_ERR_PUBREL_WINDOW', `client "${clientId}" has ${receipts.size} QoS 2 messages awaiting PUBREL`);
    }
    const taking = take();
    receipts.set(messageId, taking);
    try {
      return await taking;
    } catch (error) {
      // Nothing was taken in: the copy the publisher sends again is a first copy.
      if (this.#byClient.get(clientId)?.get(messageId) === taking) this.#release(clientId, messageId);
      throw error;
    }
  }

  #release(clientId: string, messageId: number): void {
    const receipts = this.#byClient.get(clientId);
    receipts?.delete(messageId);
    if (receipts?.size === 0) this.#byClient.delete(clientId);
  }

  /**
   * Releases receipts as Aedes 1.2 ends the exchanges in `persistence`: its PUBREL handler looks
   * the packet up with the PUBREL itself (lib/handlers/pubrel.js) whether or not it was stored, and
   * a session that ends calls `cleanIncoming` (lib/handlers/connect.js, lib/client.js).
   */
  releaseWith(persistence: AedesPersistence): AedesPersistence {
    // Aedes 1.2 calls these without a callback and awaits the promise they then return; the
    // published types still describe only the callback form.
    const get = persistence.incomingGetPacket.bind(persistence) as unknown as IncomingGet;
    const clean = persistence.cleanIncoming.bind(persistence) as unknown as CleanIncoming;
    const releasingGet: IncomingGet = (client, packet, done) => {
      if (packet.cmd === 'pubrel' && packet.messageId !== undefined) this.#release(client.id, packet.messageId);
      return get(client, packet, done);
    };
    const releasingClean: CleanIncoming = (client, done) => {
      this.#byClient.delete(client.id);
      return clean(client, done);
    };
    persistence.incomingGetPacket = releasingGet as unknown as AedesPersistence['incomingGetPacket'];
    persistence.cleanIncoming = releasingClean as unknown as AedesPersistence['cleanIncoming'];
    return persistence;
  }
}
