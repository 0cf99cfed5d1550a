import type { IncomingMessage, Server as HttpServer } from 'node:http';
import { createServer, type AddressInfo, type Server as NetServer, type Socket } from 'node:net';
import type { Duplex } from 'node:stream';
import { createServer as createTlsServer, type Server as TlsServer, type TlsOptions } from 'node:tls';
import type { Aedes, Client } from 'aedes';
import { createWebSocketStream, WebSocketServer } from 'ws';
import { limitConnection, webSocketReceiver, type ConnectionLimits } from './connection-limits';

/**
 * Connections the kernel may hold for us before we accept them. Node's default, 511, overflows in
 * a connect storm (a city's devices coming back after a power cut): the kernel then drops the
 * handshakes and each device waits out TCP's doubling retry timers (1, 2, 4, 8, 16 s). The kernel
 * caps it at net.core.somaxconn (4,096 on current Linux).
 */
export const listenBacklog = 4_096;

/** How MQTT over WebSocket judges an upgrade request before it becomes a connection. */
export interface WebSocketAdmission {
  /** The client's address: the HTTP peer's, or behind a trusted reverse proxy its X-Forwarded-For. */
  readonly peerAddress?: (request: IncomingMessage) => string | undefined;
  /** Why the upgrade is refused (answered 403 with this code and message), or null to take it. */
  readonly refusal?: (request: IncomingMessage) => { readonly code: string; readonly message: string } | null;
}

/**
 * The broker's ways in: MQTT over TCP, TLS and WebSocket. Each connection is held to the
 * connection limits (`connection-limits.ts`) and remembers the address it came from, which the
 * connect guard judges.
 */
export class Listeners {
  readonly #servers: NetServer[] = [];
  readonly #tlsServers: TlsServer[] = [];
  readonly #webSockets: WebSocketServer[] = [];
  readonly #remoteAddresses = new WeakMap<object, string>();
  readonly #accepts = new WeakMap<Client, () => void>(); // lifts a connection's limits once authentication accepts it

  constructor(
    private readonly aedes: Aedes,
    private readonly limits: ConnectionLimits,
    /** Told why a connection was closed before it could do harm (limits, failed TLS handshakes). */
    private readonly closed: (clientId: string | undefined, message: string) => void,
  ) {}

  /** The address a client's connection came from (for a WebSocket, the HTTP peer's). */
  remoteAddressOf(client: Client): string {
    return this.#remoteAddresses.get(client.conn) ?? 'unknown';
  }

  /** Accepts MQTT over TCP; resolves with the address actually bound (port 0 picks a free one). */
  listenTcp(port: number, host: string): Promise<AddressInfo> {
    return this.#listen(createServer((socket: Socket) => this.#accept(socket)), port, host);
  }

  /** Accepts MQTT over TLS with the operator's certificate and key. */
  listenTls(port: number, host: string, tls: Pick<TlsOptions, 'cert' | 'key' | 'ca'>): Promise<AddressInfo> {
    // The handshake counts against the connect timeout too: a peer that stalls it holds a socket.
    const server = createTlsServer({ ...tls, handshakeTimeout: this.limits.connectTimeoutMs }, (socket) => this.#accept(socket));
    // Node reports a failed or timed-out handshake here but leaves the socket open (Node 20 lib/_tls_wrap.js).
    server.on('tlsClientError', (error, socket) => {
      this.closed(undefined, `TLS handshake failed: ${error.message}; connection closed`);
      socket.destroy();
    });
    this.#tlsServers.push(server);
    return this.#listen(server, port, host);
  }

  /** A renewed certificate and key for new TLS connections; open ones keep what they shook hands with. False when no TLS port listens. */
  reloadTls(tls: Pick<TlsOptions, 'cert' | 'key' | 'ca'>): boolean {
    for (const server of this.#tlsServers) server.setSecureContext({ ...tls });
    return this.#tlsServers.length > 0;
  }

  /** Serves MQTT over WebSocket on an existing HTTP(S) server, at `path` (e.g. /mqtt), admitting upgrades as `admission` says. */
  attachWebSocket(server: HttpServer, path: string, admission: WebSocketAdmission = {}): void {
    const peerAddress = admission.peerAddress ?? ((request: IncomingMessage) => request.socket.remoteAddress);
    // Until CONNACK a message may be as large as the CONNECT bound; ws buffers a whole message before we see it.
    const wss = new WebSocketServer({ noServer: true, maxPayload: this.limits.maxConnectBytes });
    this.#webSockets.push(wss);
    server.on('upgrade', (request: IncomingMessage, socket: Duplex, head: Buffer) => {
      const url = new URL(request.url ?? '/', 'http://localhost');
      if (url.pathname !== path) return;
      const refusal = admission.refusal?.(request) ?? null;
      if (refusal !== null) {
        const body = JSON.stringify({ error: refusal });
        socket.end(`HTTP/1.1 403 Forbidden\r\nContent-Type: application/json\r\nContent-Length: ${Buffer.byteLength(body)}\r\nConnection: close\r\n\r\n${body}`);
        this.closed(undefined, `MQTT over WebSocket refused before upgrade: ${refusal.message}`);
        return;
      }
      wss.handleUpgrade(request, socket, head, (ws) => {
        const stream = createWebSocketStream(ws);
        this.#remoteAddresses.set(stream, peerAddress(request) ?? 'unknown');
        const receiver = webSocketReceiver(ws);
        this.#limit(this.aedes.handle(stream, request), stream, () => (receiver._maxPayload = this.limits.maxPacketBytes));
      });
    });
  }

  /**
   * Stops accepting: ends the WebSocket connections and closes every server. Resolves once each
   * server's last connection is gone, so close Aedes' clients meanwhile; a connection still before
   * its CONNACK ends by the connect timeout.
   */
  stopAccepting(): Promise<void> {
    for (const wss of this.#webSockets) {
      for (const ws of wss.clients) ws.terminate();
      wss.close();
    }
    return Promise.all(this.#servers.map((server) => new Promise<void>((resolve) => server.close(() => resolve())))).then(() => undefined);
  }

  #accept(socket: Socket): void {
    socket.setNoDelay(true); // Nagle adds ~20 ms to every small PUBACK (docs/architecture.md, decisions)
    this.#remoteAddresses.set(socket, socket.remoteAddress ?? 'unknown');
    this.#limit(this.aedes.handle(socket), socket);
  }

  #limit(client: Client, connection: Duplex, onConnected?: () => void): void {
    this.#accepts.set(client, limitConnection(client, connection, this.limits, (message) => this.closed(client.id, message), onConnected));
  }

  /** Authentication accepted the client: its packets may now be as large as any connected client's. */
  accepted(client: Client): void {
    this.#accepts.get(client)?.();
    this.#accepts.delete(client);
  }

  #listen(server: NetServer, port: number, host: string): Promise<AddressInfo> {
    this.#servers.push(server);
    return new Promise((resolve, reject) => {
      server.once('error', reject);
      server.listen({ port, host, backlog: listenBacklog }, () => {
        server.off('error', reject);
        resolve(server.address() as AddressInfo);
      });
    });
  }
}
