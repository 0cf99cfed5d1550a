import { EventEmitter } from 'node:events';
import type { Server as HttpServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { TlsOptions } from 'node:tls';
import { Aedes } from 'aedes';
import type { Clock } from '@kendali/contracts';
import { authenticate, type ConnectRefusal } from './authenticate';
import { authorizePublish } from './authorize-publish';
import { authorizeSubscribe } from './authorize-subscribe';
import { routeCommandAcks } from './command-acks';
import type { CommandResultSink } from './command-result-sink';
import type { Authenticator } from './client-identity';
import { ConnectGuard, defaultConnectGuard, type ConnectGuardOptions, type ConnectLimiters } from './connect-guard';
import { ConnectedIdentities } from './connected-identities';
import type { ConnectionLimits } from './connection-limits';
import { DeviceOutbox } from './device-outbox';
import { indexedRetainedPersistence } from './indexed-retained-persistence';
import { Listeners, type WebSocketAdmission } from './listeners';
import { Qos2Receipts } from './qos2-receipts';
import type { SettingsReportSink } from './settings-report-sink';
import { routeStatus } from './status-routing';
import type { TelemetrySink } from './telemetry-sink';

export interface BrokerOptions {
  readonly sink: TelemetrySink;
  /** Takes the devices' answers on their commands/result topics; absent = acknowledged and dropped. */
  readonly commandResults?: CommandResultSink;
  /** Takes the devices' reports on their settings/reported topics; absent = acknowledged and dropped. */
  readonly settingsReports?: SettingsReportSink;
  /** Stamps the notices sent on a device's errors topic. */
  readonly clock: Clock;
  /** Decides who may connect and as whom; absent = open broker (tests and local tools only). */
  readonly authenticate?: Authenticator;
  /** Largest MQTT packet accepted, in bytes; a larger one closes the connection before it is buffered. */
  readonly maxPacketBytes?: number;
  /** Largest packet before CONNACK (the CONNECT included), in bytes: all an unauthenticated peer can make the broker hold. */
  readonly maxConnectBytes?: number;
  /** Time from accepting a connection until its CONNACK, in ms; a connection that takes longer is closed. */
  readonly connectTimeoutMs?: number;
  readonly connectGuard?: ConnectGuardOptions;
  /** Where failed connects are counted; absent = this node's memory. */
  readonly connectLimiters?: ConnectLimiters;
}

export interface BrokerEvents {
  /** A client was refused or dropped; never fatal to the broker. */
  clientError: [{ clientId: string | undefined; message: string }];
  /** A store failure withheld a PUBACK; the device will send the message again. */
  storeFailed: [{ deviceId: string; error: Error }];
  /** A CONNECT was refused (unknown device, wrong secret, blocked address, …). */
  connectRefused: [ConnectRefusal];
  /** A client's SUBSCRIBE was answered; `topics` are the filters it was granted. */
  subscribed: [{ clientId: string; topics: string[] }];
  /** A device acknowledged (PUBACK) a command sent on its commands topic. */
  commandTaken: [{ deviceId: string; commandId: string }];
}

const defaultMaxPacketBytes = 256 * 1024; // 256 KiB: ample for any telemetry batch
const defaultMaxConnectBytes = 4 * 1024; // 4 KiB: a CONNECT with long credentials and a will fits
const defaultConnectTimeoutMs = 5_000; // 5 s from accept to CONNACK
const subscribeRefused = 0x80; // SUBACK return code: failure [MQTT-3.9.3]
const maxInflightInbound = 1_000; // QoS 2 messages per client awaiting PUBREL (Aedes' default)

/**
 * Kendali's MQTT broker: Aedes with one hook per file (`authenticate.ts`, `authorize-publish.ts`,
 * the durability point, `authorize-subscribe.ts`), its listeners (`listeners.ts`), status routing
 * (`status-routing.ts`), command acknowledgements (`command-acks.ts`) and the device outbox (`device-outbox.ts`), the only way out to devices.
 */
export class KendaliBroker extends EventEmitter<BrokerEvents> {
  /** Answers, commands and alarm changes out, and the ends of devices' connections. */
  readonly outbox: DeviceOutbox;
  readonly #aedes: Aedes;
  readonly #listeners: Listeners;

  private constructor(options: BrokerOptions) {
    super();
    const limits: ConnectionLimits = Object.freeze({
      maxPacketBytes: options.maxPacketBytes ?? defaultMaxPacketBytes,
      maxConnectBytes: options.maxConnectBytes ?? defaultMaxConnectBytes,
      connectTimeoutMs: options.connectTimeoutMs ?? defaultConnectTimeoutMs,
    });
    const identities = new ConnectedIdentities(options.authenticate !== undefined);
    const receipts = new Qos2Receipts(maxInflightInbound);
    const aedes = new Aedes({ persistence: receipts.releaseWith(indexedRetainedPersistence()), maxInflightInbound });
    const clientError = (clientId: string | undefined, message: string) => this.emit('clientError', { clientId, message });
    const listeners = new Listeners(aedes, limits, clientError);
    this.#aedes = aedes;
    this.#listeners = listeners;
    this.outbox = new DeviceOutbox(aedes, identities, options.clock);
    // Aedes reads its hooks from these properties on every call (aedes.js; docs/Aedes.md, Handler).
    aedes.authenticate = authenticate({
      authenticator: options.authenticate,
      guard: new ConnectGuard(options.connectGuard ?? defaultConnectGuard, options.connectLimiters),
      identities,
      remoteAddressOf: (client) => listeners.remoteAddressOf(client),
      refused: (refusal) => this.emit('connectRefused', refusal),
      accepted: (client) => listeners.accepted(client),
    });
    aedes.authorizePublish = authorizePublish({
      sink: options.sink,
      commandResults: options.commandResults,
      settingsReports: options.settingsReports,
      identities,
      outbox: this.outbox,
      receipts,
      storeFailed: (failure) => this.emit('storeFailed', failure),
    });
    aedes.authorizeSubscribe = authorizeSubscribe(identities);
    routeStatus(aedes, identities, options.sink);
    routeCommandAcks(aedes, (delivery) => this.emit('commandTaken', delivery));
    aedes.on('clientError', (client, error) => clientError(client?.id, error.message));
    aedes.on('connectionError', (client, error) => clientError(client?.id, error.message));
    // Aedes sets each subscription's qos to the granted one, 0x80 for a refused filter (lib/handlers/subscribe.js).
    aedes.on('subscribe', (subscriptions, client) =>
      this.emit('subscribed', { clientId: client.id, topics: subscriptions.filter((s) => (s.qos as number) !== subscribeRefused).map((s) => s.topic) }),
    );
  }

  /** Builds the broker; it accepts connections once a listener is started. */
  static async create(options: BrokerOptions): Promise<KendaliBroker> {
    const broker = new KendaliBroker(options);
    await broker.#aedes.listen();
    return broker;
  }

  get connectedClients(): number {
    return this.#aedes.connectedClients;
  }

  /** Accepts MQTT over TCP; resolves with the address actually bound (port 0 picks a free one). */
  listenTcp(port: number, host: string): Promise<AddressInfo> {
    return this.#listeners.listenTcp(port, host);
  }

  /** Accepts MQTT over TLS with the operator's certificate and key. */
  listenTls(port: number, host: string, tls: Pick<TlsOptions, 'cert' | 'key' | 'ca'>): Promise<AddressInfo> {
    return this.#listeners.listenTls(port, host, tls);
  }

  /** A renewed certificate and key for new MQTT-over-TLS connections; false when no TLS port listens. */
  reloadTls(tls: Pick<TlsOptions, 'cert' | 'key' | 'ca'>): boolean {
    return this.#listeners.reloadTls(tls);
  }

  /** Serves MQTT over WebSocket on an existing HTTP(S) server, at `path` (e.g. /mqtt); `admission` names a client's address behind a proxy and may refuse an upgrade. */
  attachWebSocket(server: HttpServer, path: string, admission?: WebSocketAdmission): void {
    this.#listeners.attachWebSocket(server, path, admission);
  }

  /** Stops accepting, disconnects clients (their wills fire) and closes the broker. */
  async close(): Promise<void> {
    // A server's close callback waits for its last connection, so stop accepting first, then let
    // Aedes close its clients.
    const listenersClosed = this.#listeners.stopAccepting();
    await new Promise<void>((resolve) => this.#aedes.close(() => resolve()));
    await listenersClosed;
  }
}
