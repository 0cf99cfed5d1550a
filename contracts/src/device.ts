import type { DeviceKind } from './device-kinds';
import type { Reading } from './reading';

/** A registered device as the API shows it. */
export interface Device {
  readonly id: string;
  readonly kind: DeviceKind;
  readonly name: string;
  readonly district: string;
  readonly lat: number | null;
  readonly lon: number | null;
  readonly enabled: boolean;
  /** ISO 8601 time the device was registered. */
  readonly createdAt: string;
}

/** What a client may send to register or update a device. */
export interface DeviceInput {
  readonly kind: DeviceKind;
  readonly name: string;
  readonly district: string;
  readonly lat?: number | null;
  readonly lon?: number | null;
  readonly enabled?: boolean;
}

export type ConnectionState = 'online' | 'offline' | 'unknown';

/** A device with its live condition. */
export interface DeviceStatus extends Device {
  readonly state: ConnectionState;
  /** Last time anything was heard from the device, ms epoch, or null if never. */
  readonly lastSeen: number | null;
  readonly latest: Reading | null;
}
