import { describe, expect, it } from 'vitest';
import { pollIdDigest, seal, sealKeyOf, unseal } from './pairing-seal';

describe('a pairing credential sealed to the wall', () => {
  const pollId = 'hU3c0i6GQm3h1x5F0u4mUo9y2kq5t8Zr0w1e2r3t4y5';
  const credential = 'kdd_0123456789abcdef0123456789abcdef0123456789a';

  it('opens with the poll id it was sealed to, and holds neither it nor the credential', () => {
    const sealed = seal(credential, sealKeyOf(pollId));
    expect(unseal(sealed, pollId)).toBe(credential);
    expect(sealed).not.toContain(credential);
    expect(sealed).not.toContain(pollId);
    expect(seal(credential, sealKeyOf(pollId))).not.toBe(sealed); // a fresh ephemeral key and IV every time
    expect(pollIdDigest(pollId)).toMatch(/^[0-9a-f]{64}$/);
  });

  it('refuses another poll id and a changed seal', () => {
    const sealed = seal(credential, sealKeyOf(pollId));
    expect(() => unseal(sealed, `${pollId}x`)).toThrow();
    const parts = sealed.split('.');
    const body = Buffer.from(parts[2]!, 'base64url');
    body[0]! ^= 1;
    parts[2] = body.toString('base64url');
    expect(() => unseal(parts.join('.'), pollId)).toThrow();
    expect(() => unseal('not-sealed', pollId)).toThrow(/not a sealed credential/);
  });
});
