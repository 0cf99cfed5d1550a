import { createHash } from 'node:crypto';
import { verifySecret } from '../auth/secret-hash';
import type { StoredDevice } from './device-rows';

export type CredentialCheck = 'ok' | 'unknown' | 'disabled' | 'wrong' | 'no-credential';

/**
 * Somewhere else that must know each device's credential, such as an external MQTT broker's
 * account list. Kendali keeps only a hash of a secret, so the plain secret is handed over the one
 * time it exists: when a device is registered or its secret replaced. The registry awaits each
 * call, so a change is in the mirror before the API answers; a mirror reports its own failures
 * and never throws. With several nodes, the node that makes a change hands it over (only it ever
 * holds the plain secret); the others follow it in their caches and drop connections, never mirror it.
 */
export interface CredentialMirror {
  /** New secrets (registration, rotation, hand-over, import), with whether each device may connect. */
  secretsSet(devices: readonly { readonly id: string; readonly secret: string; readonly enabled: boolean }[]): Promise<void>;
  enabledChanged(id: string, enabled: boolean): Promise<void>;
  removed(id: string): Promise<void>;
}

const fingerprint = (secret: string) => createHash('sha256').update(secret).digest('base64url');

/** Checks devices' MQTT secrets against their stored hashes, remembering those that verified. */
export class DeviceCredentials {
  /** Fingerprints of secrets that verified, so a reconnect storm costs no KDF work. */
  readonly #verified = new Map<string, string>();

  /** `stored` gives a device as the registry holds it now. */
  constructor(private readonly stored: (id: string) => StoredDevice | undefined) {}

  async check(id: string, secret: string | undefined): Promise<CredentialCheck> {
    const stored = this.stored(id);
    if (stored === undefined) return 'unknown';
    if (!stored.device.enabled) return 'disabled';
    if (stored.secretHash === null) return 'no-credential';
    if (secret === undefined || secret === '') return 'wrong';
    const print = fingerprint(secret);
    if (this.#verified.get(id) === print) return 'ok';
    const hash = stored.secretHash;
    if (!(await verifySecret(secret, hash))) return 'wrong';
    // Only remember it if the secret was not rotated while the KDF ran.
    if (this.stored(id)?.secretHash === hash) this.#verified.set(id, print);
    return 'ok';
  }

  /** The device's credentials changed or ended: a secret that verified before must verify again. */
  forget(id: string): void {
    this.#verified.delete(id);
  }
}
