import { createCipheriv, createDecipheriv, createHash, createPrivateKey, createPublicKey, diffieHellman, generateKeyPairSync, hkdfSync, randomBytes, type KeyObject } from 'node:crypto';

// A pairing's credential waits in a database (PostgreSQL when nodes share one) between the admin's
// confirmation and the wall's next poll, maybe on another node. It waits sealed (ECIES: X25519,
// HKDF-SHA-256, AES-256-GCM) to a key derived from the wall's poll id, which the database never
// holds (only its digest): a copy of the database opens no wall's credential.

// RFC 8410 §7: an X25519 PrivateKeyInfo is this DER prefix followed by the 32-byte private key.
const x25519Pkcs8Prefix = Buffer.from('302e020100300506032b656e04220420', 'hex');
const spki = (key: KeyObject) => key.export({ format: 'der', type: 'spki' });
const publicKeyFrom = (der: string) => createPublicKey({ key: Buffer.from(der, 'base64url'), format: 'der', type: 'spki' });

/** How a poll id is looked up: its SHA-256 digest. */
export const pollIdDigest = (pollId: string) => createHash('sha256').update(pollId).digest('hex');

function wallPrivateKey(pollId: string): KeyObject {
  const seed = Buffer.from(hkdfSync('sha256', pollId, 'kendali', 'display pairing seal key', 32));
  return createPrivateKey({ key: Buffer.concat([x25519Pkcs8Prefix, seed]), format: 'der', type: 'pkcs8' });
}

/** The public key a credential for the wall holding `pollId` is sealed to (base64url SPKI). */
export const sealKeyOf = (pollId: string) => spki(createPublicKey(wallPrivateKey(pollId))).toString('base64url');

function aesKey(shared: Buffer, ephemeral: Buffer, recipient: Buffer): Buffer {
  return Buffer.from(hkdfSync('sha256', shared, Buffer.concat([ephemeral, recipient]), 'display pairing credential', 32));
}

/** Seals `credential` to `sealKey`: `<ephemeral key>.<iv>.<ciphertext>.<tag>`, base64url each. */
export function seal(credential: string, sealKey: string): string {
  const recipient = publicKeyFrom(sealKey);
  const ephemeral = generateKeyPairSync('x25519');
  const ephemeralDer = spki(ephemeral.publicKey);
  const key = aesKey(diffieHellman({ privateKey: ephemeral.privateKey, publicKey: recipient }), ephemeralDer, spki(recipient));
  const iv = randomBytes(12);
  const cipher = createCipheriv('aes-256-gcm', key, iv);
  const body = Buffer.concat([cipher.update(credential, 'utf8'), cipher.final()]);
  return [ephemeralDer, iv, body, cipher.getAuthTag()].map((part) => part.toString('base64url')).join('.');
}

/** Opens what `seal` made for the wall holding `pollId`; throws when it was sealed to another or changed. */
export function unseal(sealed: string, pollId: string): string {
  const [ephemeralDer, iv, body, tag] = sealed.split('.').map((part) => Buffer.from(part, 'base64url'));
  if (ephemeralDer === undefined || iv === undefined || body === undefined || tag === undefined) throw new Error('not a sealed credential');
  const privateKey = wallPrivateKey(pollId);
  const ephemeral = createPublicKey({ key: ephemeralDer, format: 'der', type: 'spki' });
  const key = aesKey(diffieHellman({ privateKey, publicKey: ephemeral }), ephemeralDer, spki(createPublicKey(privateKey)));
  const decipher = createDecipheriv('aes-256-gcm', key, iv);
  decipher.setAuthTag(tag);
  return Buffer.concat([decipher.update(body), decipher.final()]).toString('utf8');
}
