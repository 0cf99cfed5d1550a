import type { Aedes, Client } from 'aedes';
import { alarmTopicPrefix, deviceTopic, type Clock, type RejectionNotice } from '@kendali/contracts';
import type { ConnectedIdentities } from './connected-identities';

export interface Rejection {
  readonly code: RejectionNotice['code'];
  readonly message: string;
}

const noop = () => undefined;

/**
 * Everything Kendali sends out through the broker: answers and commands to one device, alarm
 * changes to whoever follows them, and the ends of a device's connections. Nothing else publishes
 * into Aedes or closes its clients.
 */
export class DeviceOutbox {
  constructor(
    private readonly aedes: Aedes,
    private readonly identities: ConnectedIdentities,
    /** Stamps the notices sent on a device's errors topic. */
    private readonly clock: Clock,
  ) {}

  /** Answers a rejected message on the device's errors topic (QoS0: advisory, never retained). */
  reject(deviceId: string, topic: string, rejection: Rejection): void {
    const notice: RejectionNotice = { code: rejection.code, message: rejection.message, topic, at: new Date(this.clock.now()).toISOString() };
    this.#publish(deviceTopic(deviceId, 'errors'), Buffer.from(JSON.stringify(notice)), 0, false);
  }

  /**
   * Sends a command (a JSON payload) to one device on its commands topic, at QoS1. Resolves once
   * Aedes has handed it on: `written` when a connected clean session of the device subscribed to
   * the topic had it written to its socket (Aedes keeps no copy of such a delivery, so its PUBACK
   * cannot be told apart from others'); otherwise `kept` (a persistent session holds it until its
   * PUBACK, reported as the broker's `commandTaken`; or no session follows the topic at all).
   */
  command(deviceId: string, command: object): Promise<'written' | 'kept'> {
    const topic = deviceTopic(deviceId, 'commands');
    return new Promise((resolve) => {
      this.aedes.publish({ cmd: 'publish', topic, payload: Buffer.from(JSON.stringify(command)), qos: 1, retain: false, dup: false }, () =>
        resolve(this.#devicesClients(deviceId).some((client) => client.clean && client.connected && subscribes(client, topic)) ? 'written' : 'kept'),
      );
    });
  }

  /**
   * Announces an alarm change on its alarm topic at QoS1: retained while the alarm is open, so a new
   * subscriber sees it at once; once cleared, sent unretained and its retained message removed
   * (an empty retained payload clears the topic [MQTT-3.3.1-10]).
   */
  alarm(alarmId: string, message: object, open: boolean): void {
    const topic = `${alarmTopicPrefix}/${alarmId}`;
    this.#publish(topic, Buffer.from(JSON.stringify(message)), 1, open);
    if (!open) this.#publish(topic, Buffer.alloc(0), 1, true);
  }

  /**
   * Publishes a device's desired settings retained at QoS1 on its settings topic: a device gets the
   * latest whenever it subscribes, however long after. Resolves once Aedes has stored and routed it.
   */
  settings(deviceId: string, message: object): Promise<void> {
    return this.#publishAwaited(deviceTopic(deviceId, 'settings'), Buffer.from(JSON.stringify(message)), 1, true);
  }

  /** Removes a (deleted) device's retained settings: an empty retained payload clears the topic [MQTT-3.3.1-10]. */
  clearSettings(deviceId: string): Promise<void> {
    return this.#publishAwaited(deviceTopic(deviceId, 'settings'), Buffer.alloc(0), 1, true);
  }

  /** Closes every connection of this device, pending or not (after it was disabled, deleted or its secret rotated). */
  disconnect(deviceId: string): void {
    this.#close(deviceId, (role) => role === 'device' || role === 'pending');
  }

  /** Closes only the device's pending session (after its approval or rejection), so it reconnects as itself. */
  endPendingSession(deviceId: string): void {
    this.#close(deviceId, (role) => role === 'pending');
  }

  #publish(topic: string, payload: Buffer, qos: 0 | 1, retain: boolean): void {
    this.aedes.publish({ cmd: 'publish', topic, payload, qos, retain, dup: false }, noop);
  }

  #publishAwaited(topic: string, payload: Buffer, qos: 0 | 1, retain: boolean): Promise<void> {
    return new Promise((resolve, reject) => {
      this.aedes.publish({ cmd: 'publish', topic, payload, qos, retain, dup: false }, (error) => (error ? reject(error) : resolve()));
    });
  }

  #close(deviceId: string, closes: (role: 'device' | 'pending') => boolean): void {
    for (const client of this.#devicesClients(deviceId)) {
      const identity = this.identities.of(client);
      if (identity?.role !== 'observer' && identity !== undefined && closes(identity.role)) client.close();
    }
  }

  /** The connected clients that authenticated as this device, pending or not. */
  #devicesClients(deviceId: string): Client[] {
    // Aedes keeps its connected clients by client id (aedes.js); its types do not declare the map.
    return Object.values((this.aedes as unknown as { clients: Record<string, Client> }).clients).filter((client) => {
      const identity = this.identities.of(client);
      return identity !== undefined && identity.role !== 'observer' && identity.deviceId === deviceId;
    });
  }
}

// Aedes keeps a client's subscriptions by filter (lib/client.js); its types do not declare them.
const subscribes = (client: Client, topic: string) => topic in ((client as unknown as { subscriptions?: Record<string, unknown> }).subscriptions ?? {});
