import { describe, expect, it } from 'vitest';
import { buildFleet } from './fleet';
import { registerFleet } from './register-fleet';
import { unusedPort } from './testing/real-broker';

// Everything that needs an API runs against the real one: tests/simulators/register-fleet.test.ts.
describe('registerFleet', () => {
  it('says when the API cannot be reached', async () => {
    const apiUrl = `http://127.0.0.1:${await unusedPort()}`;
    await expect(registerFleet({ apiUrl, fleet: buildFleet({ devices: 1 }) })).rejects.toThrow(/cannot reach .*ECONNREFUSED/);
  });
});
