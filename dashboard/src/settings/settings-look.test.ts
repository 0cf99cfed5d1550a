import type { DeviceSettings } from '@kendali/contracts';
import { describe, expect, it } from 'vitest';
import { settingsLooks, settingsStateSince } from './settings-look';

const base: DeviceSettings = {
  deviceId: 'sl-1',
  kind: 'street-light',
  state: 'none',
  desired: {},
  desiredVersion: 0,
  desiredAt: null,
  desiredBy: null,
  reported: null,
  reportedVersion: null,
  reportedAt: null,
  mismatched: [],
  differentSince: null,
};

describe('settings state on screen', () => {
  it('tells every state by its symbol as well as its colour', () => {
    const symbols = Object.values(settingsLooks).map((look) => look.symbol);
    expect(new Set(symbols).size).toBe(symbols.length);
  });

  it('dates each state from what started it', () => {
    expect(settingsStateSince(base)).toBeNull();
    expect(settingsStateSince({ ...base, state: 'pending', desiredAt: 1_000, differentSince: 1_000 })).toBe(1_000);
    expect(settingsStateSince({ ...base, state: 'drift', desiredAt: 1_000, differentSince: 900 })).toBe(900);
    expect(settingsStateSince({ ...base, state: 'in-sync', desiredAt: 1_000, reportedAt: 2_000 })).toBe(2_000);
  });
});
