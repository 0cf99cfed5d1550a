import { describe, expect, it } from 'vitest';
import { generateSecret, hashSecret, verifySecret } from './secret-hash';

describe('device secret hashing', () => {
  it('verifies the right secret and refuses others', async () => {
    const secret = generateSecret();
    const encoded = await hashSecret(secret);
    expect(encoded).toMatch(/^scrypt\$4096\$8\$1\$[\w-]{22}\$[\w-]{43}$/);
    expect(encoded).not.toContain(secret);
    await expect(verifySecret(secret, encoded)).resolves.toBe(true);
    await expect(verifySecret(secret + 'x', encoded)).resolves.toBe(false);
    await expect(verifySecret(secret, 'plain-text')).resolves.toBe(false);
  });

  it('salts every hash', async () => {
    const secret = generateSecret();
    expect(await hashSecret(secret)).not.toBe(await hashSecret(secret));
  });
});
