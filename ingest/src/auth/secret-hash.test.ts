import { describe, expect, it } from 'vitest';
import { generateSecret, hashSecret, verifySecret } from './secret-hash';

describe('device secret hashing', () => {
  it('verifies the right secret and refuses others', async () => {
    const secret = generateSecret();
    const encoded = hashSecret(secret);
    expect(encoded).toMatch(/^hmac-sha256\$[\w-]{22}\$[\w-]{43}$/);
    expect(encoded).not.toContain(secret);
    await expect(verifySecret(secret, encoded)).resolves.toBe(true);
    await expect(verifySecret(secret + 'x', encoded)).resolves.toBe(false);
    await expect(verifySecret(secret, 'plain-text')).resolves.toBe(false);
    await expect(verifySecret(secret, 'hmac-sha256$only-a-salt')).resolves.toBe(false);
  });

  it('salts every hash', () => {
    const secret = generateSecret();
    expect(hashSecret(secret)).not.toBe(hashSecret(secret));
  });

  it('still verifies scrypt hashes written by earlier versions', async () => {
    // Made once with node:crypto scryptSync(secret, 'kendali-legacy-1', 32, { N: 4096, r: 8, p: 1 }).
    const legacy = 'scrypt$4096$8$1$a2VuZGFsaS1sZWdhY3ktMQ$69ee0yhGwoOtax5F59_Y1LmTbktO5wLLNzFm0BfyvMw';
    await expect(verifySecret('legacy-secret-from-an-older-data-file', legacy)).resolves.toBe(true);
    await expect(verifySecret('legacy-secret-from-an-older-data-filf', legacy)).resolves.toBe(false);
  });
});
