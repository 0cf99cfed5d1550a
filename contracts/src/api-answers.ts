import type { Alarm, AlarmEvent, AlarmEventType } from './alarms';

/**
 * Shapes of API answers beyond devices, readings and alarms: what the server sends and the
 * dashboard reads. The API builds them typed against these, so the two cannot drift apart.
 */

/** `GET /api/info`: where devices connect, for copy-paste examples. */
export interface PlatformInfo {
  readonly mqtt: { readonly host: string; readonly tcpPort: number; readonly tlsPort: number | null; readonly webSocketPath: string };
  readonly version: string;
}

/** A device secret, shown once (create, rotate, import). */
export interface DeviceCredential {
  readonly id: string;
  readonly secret: string;
}

/** A row of a bulk import that cannot be stored. */
export interface ImportProblem {
  /** Line in the CSV file (the header is line 1), or position in the JSON array counted from 1. */
  readonly line: number;
  readonly id: string | null;
  readonly message: string;
}

/** `POST /api/devices/import` answer, on 200 and on 400 alike. */
export interface ImportReport {
  readonly dryRun: boolean;
  readonly valid: number;
  readonly toCreate: readonly string[];
  readonly toUpdate: readonly string[];
  readonly problems: readonly ImportProblem[];
  readonly credentials: readonly DeviceCredential[];
}

/** Why one message (or one item of a batch) was not stored. */
export interface RejectionSummary {
  readonly code: string;
  readonly message: string;
}

/** One entry of the `rejections` event of `GET /api/devices/:id/messages`. */
export interface RejectionRecord extends RejectionSummary {
  readonly deviceId: string;
  readonly topic: string;
  /** ms epoch */
  readonly at: number;
}

/** One `message` event of `GET /api/devices/:id/messages`. */
export interface DeviceMessage {
  readonly deviceId: string;
  readonly topic: string;
  /** ms epoch */
  readonly at: number;
  /** The payload as text, cut to 2 KiB. */
  readonly payload: string;
  /** Readings stored from it. */
  readonly stored: number;
  readonly rejections: readonly RejectionSummary[];
  /** Messages the server left out before this one (rate limit). */
  readonly skippedBefore: number;
}

/** `GET /api/telemetry`: one field's history, raw or in buckets. */
export interface TelemetryHistory {
  readonly device: string;
  readonly field: string;
  readonly unit: string | null;
  readonly fn: string | null;
  readonly everyMs: number | null;
  /** ms epoch */
  readonly from: number;
  readonly to: number;
  readonly points: readonly { readonly t: number; readonly value: number | boolean | null }[];
}

/** `GET /readyz` (200 or 503 alike): every part with whether it can do its job, and why not. */
export interface Readiness {
  readonly ready: boolean;
  readonly checks: Readonly<Record<string, { readonly ok: boolean; readonly detail: string }>>;
}

/** An operators' shift (07-14, 14-21, 21-07 WIB). */
export interface Shift {
  readonly name: string;
  /** ms epoch, inclusive */
  readonly from: number;
  /** ms epoch, exclusive */
  readonly to: number;
}

/** `GET /api/alarms/handover`: what happened during a shift and what is still open. */
export interface HandoverReport {
  readonly shift: Shift;
  /** How many of each kind of change happened during the shift. */
  readonly counts: Readonly<Record<AlarmEventType, number>>;
  /** Every change during the shift, in order, with the alarm's title. */
  readonly events: readonly (AlarmEvent & { readonly title: Alarm['title'] | null })[];
  /** Alarms still open at handover, worst first; the next shift inherits them. */
  readonly stillOpen: readonly Alarm[];
  /** Of those, the ones nobody acknowledged. */
  readonly unacknowledged: number;
}
