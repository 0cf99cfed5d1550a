import { describe, expect, it } from 'vitest';
import { ConnectGuard } from './connect-guard';

describe('ConnectGuard', () => {
  it('blocks an address after too many failures, and only that address', async () => {
    const guard = new ConnectGuard({ maxFailures: 3, windowS: 60, blockS: 300, connectsPerSecond: 50 });
    for (let i = 0; i < 3; i++) await guard.recordFailure('203.0.113.7');
    expect(await guard.isBlocked('203.0.113.7')).toBe(true);
    expect(await guard.isBlocked('203.0.113.8')).toBe(false);
  });

  it('limits how fast one address opens connections, except loopback', async () => {
    const guard = new ConnectGuard({ maxFailures: 10, windowS: 60, blockS: 300, connectsPerSecond: 2 }); // 20 per 10 s
    const admitted = [];
    for (let i = 0; i < 25; i++) admitted.push(await guard.admitConnect('198.51.100.20'));
    expect(admitted.filter(Boolean)).toHaveLength(20);
    for (let i = 0; i < 100; i++) expect(await guard.admitConnect('127.0.0.1')).toBe(true);
    for (let i = 0; i < 100; i++) expect(await guard.admitConnect('::1')).toBe(true);
    // Only the usual loopback address is exempt; another 127.x address counts like any host.
    const other = [];
    for (let i = 0; i < 25; i++) other.push(await guard.admitConnect('127.0.0.2'));
    expect(other.filter(Boolean)).toHaveLength(20);
    expect(await guard.admitConnect('198.51.100.21')).toBe(true);
  });
});
