import { randomBytes, scrypt, timingSafeEqual, type ScryptOptions } from 'node:crypto';

/**
 * Passwords are kept as scrypt hashes (RFC 7914), a memory-hard KDF: guessing costs an attacker
 * 32 MiB and tens of milliseconds per try. The parameters travel with each hash, so they can be
 * raised later without breaking the hashes already stored.
 */
const cost = { N: 2 ** 15, r: 8, p: 1 }; // 128 · N · r bytes = 32 MiB per hash
const keyBytes = 32;
const saltBytes = 16;

function derive(password: string, salt: Buffer, options: { N: number; r: number; p: number }): Promise<Buffer> {
  const scryptOptions: ScryptOptions = { ...options, maxmem: 256 * options.N * options.r }; // Node refuses above 32 MiB by default
  return new Promise((resolve, reject) => scrypt(password.normalize('NFC'), salt, keyBytes, scryptOptions, (error, key) => (error ? reject(error) : resolve(key))));
}

/** `scrypt$N$r$p$salt$key`, salt and key in base64url. */
export async function hashPassword(password: string): Promise<string> {
  const salt = randomBytes(saltBytes);
  const key = await derive(password, salt, cost);
  return ['scrypt', cost.N, cost.r, cost.p, salt.toString('base64url'), key.toString('base64url')].join('$');
}

export async function passwordMatches(password: string, stored: string): Promise<boolean> {
  const [scheme, n, r, p, salt, key] = stored.split('$');
  if (scheme !== 'scrypt' || salt === undefined || key === undefined) return false;
  const expected = Buffer.from(key, 'base64url');
  const derived = await derive(password, Buffer.from(salt, 'base64url'), { N: Number(n), r: Number(r), p: Number(p) });
  return derived.length === expected.length && timingSafeEqual(derived, expected);
}

/** A hash of nothing anyone can type, checked for unknown usernames so they take as long to refuse as known ones. */
export const decoyHash = hashPassword(randomBytes(32).toString('base64url'));
