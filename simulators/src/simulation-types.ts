import type { RejectionNotice } from '@kendali/contracts';
import type { SimulatedDevice } from './fleet';

export interface DeviceCredentials {
  readonly username: string;
  readonly password: string;
}

/** Things worth telling the caller about while a simulation runs. */
export type SimulationEvent =
  | { readonly type: 'connected'; readonly deviceId: string }
  | { readonly type: 'disconnected'; readonly deviceId: string }
  /** Kendali refused a message and said why on the device's errors topic. */
  | { readonly type: 'rejected'; readonly deviceId: string; readonly notice: RejectionNotice | undefined; readonly payload: string }
  | { readonly type: 'error'; readonly deviceId: string; readonly error: Error };

export interface SimulationOptions {
  /** Broker URL: mqtt://, mqtts://, ws:// or wss://. */
  readonly url: string;
  readonly fleet: readonly SimulatedDevice[];
  /** Telemetry messages per second from each device. */
  readonly ratePerDeviceHz: number;
  /** Stop by itself after this long of publishing; 0 or absent runs until stop(). */
  readonly durationMs?: number;
  /** QoS of telemetry; default 1 (acknowledged by the broker once durable). */
  readonly qos?: 0 | 1;
  /** Seed for the readings' noise and the start stagger; default 1. */
  readonly seed?: number;
  /** Credentials per device; absent or undefined connects with the device id as username and no password. */
  readonly credentials?: (device: SimulatedDevice) => DeviceCredentials | undefined;
  readonly onEvent?: (event: SimulationEvent) => void;
  /** Devices connecting at the same time; default 50. */
  readonly connectConcurrency?: number;
  /** How long one device may take to connect; default 10 s. */
  readonly connectTimeoutMs?: number;
  /** Wait between reconnection attempts after a connection drops; default 1 s. */
  readonly reconnectPeriodMs?: number;
  /** How long stop() waits for outstanding acknowledgements before closing anyway; default 5 s. */
  readonly stopTimeoutMs?: number;
  /** Aborts connecting the fleet (startSimulation then rejects with the signal's reason). */
  readonly signal?: AbortSignal;
}

export interface SimulationStats {
  /** Devices connected right now. */
  readonly connected: number;
  /** Telemetry messages handed to the MQTT client. */
  readonly sent: number;
  /** Telemetry messages the broker acknowledged (PUBACK at QoS 1; written to the socket at QoS 0). */
  readonly acknowledged: number;
  /** Readings not delivered: due while the device was disconnected, or the publish failed. */
  readonly failed: number;
  /** Messages Kendali answered on the devices' errors topics. */
  readonly rejected: number;
}

export interface SimulationSummary extends Omit<SimulationStats, 'connected'> {
  readonly devices: number;
  /** From the first scheduled publish to stop. */
  readonly elapsedMs: number;
  readonly acknowledgedPerSecond: number;
}

export interface Simulation {
  /** A snapshot of the counters. */
  stats(): SimulationStats;
  /** Publishes `offline` for every connected device, waits for acknowledgements, closes every client. */
  stop(): Promise<void>;
  /** Resolves once the simulation has stopped, by its duration or by stop(). */
  readonly done: Promise<SimulationSummary>;
}

/** The counters every device link adds to. */
export interface SimulationCounters {
  connected: number;
  sent: number;
  acknowledged: number;
  failed: number;
  rejected: number;
}
