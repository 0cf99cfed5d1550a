import { createHmac, randomBytes, scrypt, timingSafeEqual, type ScryptOptions } from 'node:crypto';

/**
 * Device secrets are stored only as salted hashes, encoded `scheme$…` (base64url) so the scheme can
 * change without breaking stored hashes.
 *
 * Every secret is 256 bits from the platform's CSPRNG (`generateSecret`); no person picks one. A slow
 * KDF defends guessable passwords, and a 256-bit random secret cannot be guessed, so new hashes are
 * HMAC-SHA-256 keyed by a per-device salt (`hmac-sha256$salt$hash`), as API tokens are. Measured on
 * this machine, scrypt at N=4096 cost ~6 ms of CPU per hash: a 10,000-device import and the first
 * connect of each device spent over two minutes in it and bought no security. Hashes written by
 * earlier versions (`scrypt$N$r$p$salt$hash`, RFC 7914) still verify.
 */
const keyBytes = 32;
const saltBytes = 16;

function hmac(secret: string, salt: Buffer): Buffer {
  return createHmac('sha256', salt).update(secret).digest();
}

function deriveScrypt(secret: string, salt: Buffer, options: ScryptOptions): Promise<Buffer> {
  return new Promise((resolve, reject) =>
    scrypt(secret, salt, keyBytes, { ...options, maxmem: 64 * 1024 * 1024 }, (error, key) => (error ? reject(error) : resolve(key))),
  );
}

function sameBytes(key: Buffer, encodedHash: string): boolean {
  const expected = Buffer.from(encodedHash, 'base64url');
  return key.length === expected.length && timingSafeEqual(key, expected);
}

/** A new random secret: 32 bytes, base64url (43 characters). */
export function generateSecret(): string {
  return randomBytes(32).toString('base64url');
}

export function hashSecret(secret: string): string {
  const salt = randomBytes(saltBytes);
  return ['hmac-sha256', salt.toString('base64url'), hmac(secret, salt).toString('base64url')].join('$');
}

export async function verifySecret(secret: string, encoded: string): Promise<boolean> {
  const parts = encoded.split('$');
  if (parts[0] === 'hmac-sha256' && parts.length === 3) return sameBytes(hmac(secret, Buffer.from(parts[1]!, 'base64url')), parts[2]!);
  if (parts[0] === 'scrypt' && parts.length === 6) {
    const [, n, r, p, salt, hash] = parts as [string, string, string, string, string, string];
    return sameBytes(await deriveScrypt(secret, Buffer.from(salt, 'base64url'), { N: Number(n), r: Number(r), p: Number(p) }), hash);
  }
  return false;
}
