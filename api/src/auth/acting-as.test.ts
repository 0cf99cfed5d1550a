import { describe, expect, it } from 'vitest';
import { actingAs } from './acting-as';

describe('actingAs: who a change is recorded under', () => {
  it('names a person by their display name and role', () => {
    expect(actingAs({ auth: { name: 'Siti Rahma', role: 'operator', via: 'session', owner: 'siti' } })).toBe('Siti Rahma (operator)');
  });

  it("names a person's token with its owner, and the platform's own tokens as before", () => {
    expect(actingAs({ auth: { name: 'deploy', role: 'engineer', via: 'token', owner: 'budi' } })).toBe('deploy (engineer, token of budi)');
    expect(actingAs({ auth: { name: 'KENDALI_ADMIN_TOKEN', role: 'admin', via: 'token', owner: '@system' } })).toBe('KENDALI_ADMIN_TOKEN (admin)');
  });

  it('says unknown when nobody was identified', () => {
    expect(actingAs({ auth: null })).toBe('unknown (?)');
  });
});
