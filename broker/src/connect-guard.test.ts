import { describe, expect, it } from 'vitest';
import { ConnectGuard } from './connect-guard';

describe('ConnectGuard', () => {
  const options = { maxFailuresPerDevice: 3, maxDevicesPerAddress: 4, windowS: 60, blockS: 300, connectsPerSecond: 50 };

  it('blocks a device that keeps failing at its address, and not its neighbours behind the same address', async () => {
    const guard = new ConnectGuard(options);
    for (let i = 0; i < 3; i++) {
      expect(await guard.blocked('203.0.113.7', 'wl-kali-sabi')).toBeNull();
      await guard.recordFailure('203.0.113.7', 'wl-kali-sabi');
    }
    expect(await guard.blocked('203.0.113.7', 'wl-kali-sabi')).toMatch(/too many failed connects as "wl-kali-sabi" from 203\.0\.113\.7/);
    // Its retries while blocked are refused unchecked and count no further: the address is not blocked by one device.
    for (let i = 0; i < 50; i++) await guard.recordFailure('203.0.113.7', 'wl-kali-sabi');
    expect(await guard.blocked('203.0.113.7', 'wl-bulakan')).toBeNull();
    // Nobody at another address locked it out there, and it is not blocked elsewhere either.
    expect(await guard.blocked('203.0.113.8', 'wl-kali-sabi')).toBeNull();
  });

  it('blocks an address that fails as many different device ids (a scan), for every id', async () => {
    const guard = new ConnectGuard(options);
    for (let i = 0; i < 3; i++) await guard.recordFailure('198.51.100.9', `guess-${i}`);
    expect(await guard.blocked('198.51.100.9', 'wl-bulakan')).toBeNull();
    await guard.recordFailure('198.51.100.9', 'guess-3');
    expect(await guard.blocked('198.51.100.9', 'wl-bulakan')).toMatch(/too many device ids failed to connect from 198\.51\.100\.9/);
    expect(await guard.blocked('198.51.100.10', 'wl-bulakan')).toBeNull();
  });

  it('counts an id once per window towards its address, however often it fails', async () => {
    const guard = new ConnectGuard({ ...options, maxFailuresPerDevice: 100 });
    for (let i = 0; i < 3; i++) for (let attempt = 0; attempt < 20; attempt++) await guard.recordFailure('192.0.2.4', `ap-${i}`);
    expect(await guard.blocked('192.0.2.4', 'ap-9')).toBeNull(); // 3 ids of the 4 allowed, 60 failures
  });

  it('limits how fast one address opens connections, except loopback', async () => {
    const guard = new ConnectGuard({ ...options, connectsPerSecond: 2 }); // 20 per 10 s
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
