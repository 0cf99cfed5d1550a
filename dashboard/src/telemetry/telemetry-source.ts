import type { KindChange, LiveDevice, LiveFrame } from '@kendali/contracts';

/** How the link to the data behind the dashboard is doing. */
export type LinkState = 'connecting' | 'live' | 'reconnecting';

/** What a source reports to the telemetry client. */
export interface TelemetrySink {
  devices(list: readonly LiveDevice[]): void;
  frame(frame: LiveFrame): void;
  /** 'live' is reported each time a (new) connection opens. */
  link(state: LinkState): void;
  /** A kind's profile changed: the kinds are worth asking for again. */
  kindChanged(change: KindChange): void;
}

/**
 * Where telemetry comes from: the live API, or a fixture for tests and demos. The only thing in
 * the dashboard that knows about transports (STYLE.md §14).
 */
export interface TelemetrySource {
  /** Starts delivering to `sink`; returns a function that stops it and releases everything. */
  start(sink: TelemetrySink): () => void;
}
