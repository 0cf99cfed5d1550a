import { createHash } from 'node:crypto';
import { buildFleet, type SimulatedDevice } from '@kendali/simulators';

/**
 * 'mix': the simulators' Kota Tangerang fleet, five kinds, every field of each kind (JSON of
 * ~60-300 bytes). 'minimal': every device an air-quality station sending `{"ts":…,"pm25":…}`,
 * the smallest valid reading, to separate per-message costs from per-field ones.
 */
export type PayloadShape = 'mix' | 'minimal';

/** The bench's devices; parent (registry) and load generator (publishers) build the same list. */
export function benchFleet(devices: number, seed: number, shape: PayloadShape): SimulatedDevice[] {
  const fleet = buildFleet({ devices, seed });
  return shape === 'minimal' ? fleet.map((device) => ({ ...device, kind: 'air-quality' })) : fleet;
}

/**
 * A device's MQTT password in the bench, derived so that registry and load generator agree
 * without passing secrets around (username = device id). Bare Aedes ignores credentials, so both
 * brokers receive identical CONNECT packets.
 */
export function benchSecret(deviceId: string, seed: number): string {
  return createHash('sha256').update(`kendali-bench:${seed}:${deviceId}`).digest('base64url');
}
