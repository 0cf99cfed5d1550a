import type { Duplex } from 'node:stream';
import type { Client } from 'aedes';
import type { WebSocket } from 'ws';
import { PacketSizeScanner, type PacketSizeLimits } from './packet-size-guard';

export interface ConnectionLimits extends PacketSizeLimits {
  /** Time from accepting a connection until its CONNACK, in ms. */
  readonly connectTimeoutMs: number;
}

/**
 * Holds one connection to the limits: until it is accepted it is a stranger's, so it may make the
 * broker hold only `maxConnectBytes` and must be done within `connectTimeoutMs`; afterwards packets
 * up to `maxPacketBytes` pass. Aedes' own `connectTimeout` (30 s) ends when the CONNECT is parsed
 * (lib/handlers/connect.js clears it), so it does not cover a stalled authentication; this timer
 * runs until the client is accepted. `closed` is told why a connection was closed.
 *
 * Returns what to call once authentication accepted the client. It must come before the CONNACK is
 * written: Aedes emits 'connected' only after the CONNACK and the session's queue (lib/handlers/
 * connect.js, `emptyQueue`), and a device that publishes a large message as soon as it reads its
 * CONNACK would otherwise be held to the stranger's limit and cut off. 'connected' still lifts the
 * limits for a client no authentication accepted (an open broker).
 */
export function limitConnection(client: Client, connection: Duplex, limits: ConnectionLimits, closed: (reason: string) => void, onConnected?: () => void): () => void {
  const scanner = scanPackets(client, connection, limits, closed);
  const timer = setTimeout(() => {
    closed(`no CONNACK within ${limits.connectTimeoutMs} ms of connecting (CONNECT incomplete or not yet accepted); connection closed`);
    connection.destroy();
  }, limits.connectTimeoutMs);
  timer.unref();
  connection.once('close', () => clearTimeout(timer));
  let accepted = false;
  const accept = () => {
    if (accepted) return;
    accepted = true;
    clearTimeout(timer);
    scanner.connected();
    onConnected?.();
  };
  client.once('connected', accept);
  return accept;
}

/**
 * Puts the packet-size check in front of the client's MQTT parser: every chunk Aedes reads
 * (lib/client.js hands each to `client._parser.parse`) is scanned first. Wrapping the socket in a
 * stream instead measured 2x slower (every PUBACK became its own write).
 */
function scanPackets(client: Client, connection: Duplex, limits: PacketSizeLimits, closed: (reason: string) => void): PacketSizeScanner {
  const parser = (client as unknown as { _parser?: { parse(chunk: Buffer): unknown } })._parser;
  if (parser === undefined) throw new Error('Aedes client has no _parser: the packet-size guard needs updating for this Aedes version');
  const scanner = new PacketSizeScanner(limits);
  const parse = parser.parse.bind(parser);
  parser.parse = (chunk: Buffer) => {
    const problem = scanner.feed(chunk);
    if (problem === undefined) return parse(chunk);
    closed(problem);
    connection.destroy();
    return 0;
  };
  return scanner;
}

/**
 * The part of a ws connection that checks each frame's declared length against `_maxPayload`
 * (ws 8 lib/receiver.js). ws offers no public way to change the limit per connection, and an
 * authenticated connection needs the packet limit rather than the CONNECT bound.
 */
export function webSocketReceiver(webSocket: WebSocket): { _maxPayload: number } {
  const receiver = (webSocket as unknown as { _receiver?: { _maxPayload?: number } | null })._receiver;
  if (typeof receiver?._maxPayload !== 'number') throw new Error('ws receiver has no _maxPayload: the WebSocket packet-size guard needs updating for this ws version');
  return receiver as { _maxPayload: number };
}
