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
  /** Date the device was installed in the field (YYYY-MM-DD), if known. */
  readonly installDate: string | null;
  /** Free-form facts an engineer keeps about the device (firmware, mount height, gate, …). */
  readonly metadata: Readonly<Record<string, DeviceMetadataValue>>;
  /** ISO 8601 time the device was registered. */
  readonly createdAt: string;
  /** ISO 8601 time its secret was last set, or null if it has none (it cannot connect). */
  readonly credentialSetAt: string | null;
}

export type DeviceMetadataValue = string | number | boolean;

/** What a client may send to register or update a device. */
export interface DeviceInput {
  readonly kind: DeviceKind;
  readonly name: string;
  readonly district: string;
  readonly lat?: number | null;
  readonly lon?: number | null;
  readonly enabled?: boolean;
  readonly installDate?: string | null;
  readonly metadata?: Readonly<Record<string, DeviceMetadataValue>>;
}

/** A device as created: its secret is shown this once and stored only as a hash. */
export interface DeviceWithSecret extends Device {
  readonly secret: string;
}

export type ConnectionState = 'online' | 'offline' | 'unknown';

/** A device with its live condition. */
export interface DeviceStatus extends Device {
  readonly state: ConnectionState;
  /** Last time anything was heard from the device, ms epoch, or null if never. */
  readonly lastSeen: number | null;
  readonly latest: Reading | null;
}
