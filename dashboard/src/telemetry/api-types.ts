import type { Alarm, AlarmEvent, AlarmEventType, DeviceKind, DeviceMetadataValue, LocalizedText } from '@kendali/contracts';

/**
 * Shapes of API answers that `@kendali/contracts` does not define (yet). They mirror the
 * API's schemas; keep them in step with api/src.
 */

/** `GET /api/info`: where devices connect, for copy-paste examples. */
export interface PlatformInfo {
  readonly mqtt: { readonly host: string; readonly tcpPort: number; readonly tlsPort: number | null; readonly webSocketPath: string };
  readonly version: string;
}

/** Body of `POST /api/devices`. */
export interface DeviceRegistration {
  readonly id: string;
  readonly kind: DeviceKind;
  readonly name: string;
  readonly district: string;
  readonly lat?: number;
  readonly lon?: number;
  readonly installDate?: string;
  readonly metadata?: Readonly<Record<string, DeviceMetadataValue>>;
}

/** A device secret, shown once (create, rotate, import). */
export interface DeviceCredential {
  readonly id: string;
  readonly secret: string;
}

export interface ImportProblem {
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

export interface DeviceQuery {
  readonly q?: string;
  readonly kind?: string;
  readonly district?: string;
}

/** `GET /api/telemetry`: one field's history, raw or in buckets. */
export interface TelemetryHistory {
  readonly device: string;
  readonly field: string;
  readonly unit: string | null;
  readonly fn: string | null;
  readonly everyMs: number | null;
  readonly from: number;
  readonly to: number;
  readonly points: readonly { readonly t: number; readonly value: number | boolean | null }[];
}

export interface HistoryQuery {
  readonly device: string;
  readonly field: string;
  /** ms epoch */
  readonly from: number;
  readonly to: number;
  /** Bucket width such as `30s`, `5m`, `1h`. */
  readonly every: string;
  readonly fn: 'mean' | 'min' | 'max' | 'last' | 'count';
}

/** `GET /readyz` (200 or 503 alike): every part with whether it can do its job, and why not. */
export interface Readiness {
  readonly ready: boolean;
  readonly checks: Readonly<Record<string, { readonly ok: boolean; readonly detail: string }>>;
}

export interface AlarmQuery {
  readonly state?: 'open' | 'active' | 'acknowledged' | 'cleared' | 'all';
  readonly severity?: string;
  readonly district?: string;
  readonly device?: string;
  readonly limit?: number;
}

/** `GET /api/alarms/handover`: what happened during a shift and what is still open. */
export interface HandoverReport {
  readonly shift: { readonly name: string; readonly from: number; readonly to: number };
  readonly counts: Readonly<Record<AlarmEventType, number>>;
  readonly events: readonly (AlarmEvent & { readonly title: LocalizedText | null })[];
  readonly stillOpen: readonly Alarm[];
  readonly unacknowledged: number;
}
