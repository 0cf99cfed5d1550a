import type { City, Clock, RejectionNotice } from '@kendali/contracts';
import type { FleetDevice, SimulatedDevice } from './fleet';
import type { ScenarioName } from './scenarios/scenario-names';

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

/** Sees every message the fleet publishes (for recording); `offline` also when a device loses power (the broker then publishes its last will). */
export type PublishTap = (deviceId: string, channel: 'telemetry' | 'status', payload: string) => void;

export interface SimulationOptions {
  /** Broker URL: mqtt://, mqtts://, ws:// or wss://. */
  readonly url: string;
  readonly fleet: readonly FleetDevice[];
  /** Telemetry messages per second from each device (ignored with `flatOutWindow`). */
  readonly ratePerDeviceHz: number;
  /** Load mode: each device keeps this many messages in flight, sending the next as soon as one is acknowledged. */
  readonly flatOutWindow?: number;
  /** Stop by itself after this long of publishing; 0 or absent runs until stop(). */
  readonly durationMs?: number;
  /** QoS of telemetry; default 1 (acknowledged by the broker once durable). */
  readonly qos?: 0 | 1;
  /** Seed for the readings' noise, the weather, the drills' choices and the start stagger; default 1. */
  readonly seed?: number;
  /** Simulated time runs this many times faster than real time (144: a day in 10 minutes); default 1. */
  readonly speed?: number;
  /** Drill time per real time (4: a drill's steps four times sooner, to rehearse its sequence); above 0, at most 20; default 1. */
  readonly drillPace?: number;
  /** Simulated time at the start, ms epoch; default now. */
  readonly clockStartMs?: number;
  /** Real time, which stamps the readings; default the machine's clock. */
  readonly clock?: Clock;
  /** Drills to play (combinable). */
  readonly scenarios?: readonly ScenarioName[];
  /** The fleet's city: the smog and blackout drills pick districts from it; default Kota Tangerang. */
  readonly city?: City;
  /** District the `district-blackout` drill cuts; default one picked from the seed. */
  readonly blackoutDistrict?: string;
  /** Share of devices (0-1) that send SenML (RFC 8428) instead of Kendali JSON; default 0. */
  readonly senmlShare?: number;
  /** Devices that answer every command with a failure and change nothing (for tests). */
  readonly failCommands?: readonly string[];
  /** Devices that apply no desired settings and keep reporting what they ran with (for tests: drift). */
  readonly ignoreSettings?: readonly string[];
  /** Credentials per device; absent or undefined connects with the device id as username and no password. */
  readonly credentials?: (device: SimulatedDevice) => DeviceCredentials | undefined;
  readonly onEvent?: (event: SimulationEvent) => void;
  readonly tap?: PublishTap;
  /** Devices connecting at the same time; default 50. */
  readonly connectConcurrency?: number;
  /** How long one device may take to connect; default 10 s. */
  readonly connectTimeoutMs?: number;
  /** First wait before reconnecting after a drop; doubles (with jitter) up to `maxReconnectPeriodMs`. Default 1 s. */
  readonly reconnectPeriodMs?: number;
  /** Longest wait between reconnection attempts; default 60 s. */
  readonly maxReconnectPeriodMs?: number;
  /**
   * How long stop() goes on waiting for outstanding acknowledgements once none arrived (from any
   * device) for that long, before closing anyway; default 5 s.
   */
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
  /** Readings not delivered: dropped while disconnected (buffer full, or QoS 0), or still unacknowledged at the end. */
  readonly failed: number;
  /** Messages Kendali answered on the devices' errors topics. */
  readonly rejected: number;
  /** Reconnection attempts after dropped connections. */
  readonly reconnects: number;
}

export interface SimulationSummary extends Omit<SimulationStats, 'connected'> {
  readonly devices: number;
  /** From the first scheduled publish to stop. */
  readonly elapsedMs: number;
  /** From the first connection attempt until every device was connected. */
  readonly connectMs: number;
  readonly acknowledgedPerSecond: number;
}

export interface Simulation {
  /** A snapshot of the counters. */
  stats(): SimulationStats;
  /** How long connecting the whole fleet took, ms. */
  readonly connectMs: number;
  /** What the drills will do, one line each (empty without scenarios). */
  readonly briefing: readonly string[];
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
  reconnects: number;
}
