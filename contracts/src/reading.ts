import type { DeviceKind } from './device-kinds';
import type { FieldValue } from './field-spec';

/** One validated measurement of one device at one instant. */
export interface Reading {
  readonly deviceId: string;
  readonly kind: DeviceKind;
  readonly district: string;
  /** When the device measured, milliseconds since the Unix epoch (UTC). */
  readonly ts: number;
  /** When Kendali accepted it, milliseconds since the Unix epoch (UTC). */
  readonly receivedAt: number;
  readonly fields: Readonly<Record<string, FieldValue>>;
}
