import type { DeviceKind, DeviceMetadataValue } from '@kendali/contracts';

/** What the dashboard asks the API: a request body and the query parameters it sends. Answers are in `@kendali/contracts`. */

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

export interface DeviceQuery {
  readonly q?: string;
  readonly kind?: string;
  readonly district?: string;
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

export interface AlarmQuery {
  readonly state?: 'open' | 'active' | 'acknowledged' | 'cleared' | 'all';
  readonly severity?: string;
  readonly district?: string;
  readonly device?: string;
  readonly limit?: number;
}

/** `GET /api/alarms/handover`: what happened during a shift and what is still open. */