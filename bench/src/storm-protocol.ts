/** What the connect storm's client (storm-client.ts) prints on stdout, one JSON object a line. */
import type { LatencySummary } from './load-protocol';

export interface StormResult {
  readonly devices: number;
  /** Devices that got a CONNACK by the limit. */
  readonly connected: number;
  /** CONNECTs sent, retries included. */
  readonly attempts: number;
  /** Failed attempts by reason (each retried after the retry delay), e.g. `CONNACK refused with return code 5`. */
  readonly failures: Readonly<Record<string, number>>;
  /** From the storm's start until the client had issued every device's first CONNECT, in seconds. */
  readonly issuedSeconds: number;
  /** From the storm's start until the last CONNACK, in seconds. */
  readonly connectedSeconds: number;
  /** Per connected device: its first CONNECT → its CONNACK, retries included. */
  readonly connectLatency: LatencySummary | null;
  /** Per successful attempt, where that time went: the TCP handshake (the listen queue), then TCP connected → CONNACK. */
  readonly handshakeLatency: LatencySummary | null;
  readonly connackLatency: LatencySummary | null;
  /** First readings acknowledged; Kendali sends a PUBACK only once the reading is committed. */
  readonly acked: number;
  /** From the storm's start until the last of those PUBACKs, in seconds. */
  readonly ackedSeconds: number;
  /** Per reading: publish → PUBACK. */
  readonly pubackLatency: LatencySummary | null;
  /** The client process's own CPU (user + system) over the storm, seconds, and its peak RSS, MiB. */
  readonly clientCpuSeconds: number;
  readonly clientMaxRssMiB: number;
}

export type StormMessage =
  | { readonly type: 'storming' }
  | { readonly type: 'result'; readonly result: StormResult }
  | { readonly type: 'failed'; readonly message: string };
