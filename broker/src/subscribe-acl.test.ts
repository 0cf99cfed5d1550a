import { describe, expect, it } from 'vitest';
import { maySubscribe } from './subscribe-acl';

const device = { role: 'device', deviceId: 'aq-1' } as const;
const observer = { role: 'observer', name: 'mirror' } as const;
const pending = { role: 'pending', deviceId: 'aq-1' } as const;

describe('maySubscribe', () => {
  it.each([
    [device, 'kendali/v1/devices/aq-1/errors', true],
    [device, 'kendali/v1/devices/aq-1/commands', true],
    [device, 'kendali/v1/devices/aq-1/telemetry', false],
    [device, 'kendali/v1/devices/aq-2/errors', false],
    [device, 'kendali/v1/devices/aq-2/commands', false],
    [device, 'kendali/v1/devices/+/commands', false],
    [device, 'kendali/v1/devices/aq-1/commands/result', false],
    [device, 'kendali/v1/devices/aq-2/commands/result', false],
    [device, 'kendali/v1/devices/+/errors', false],
    [device, 'kendali/v1/devices/aq-1/#', false],
    [device, '#', false],
    [device, '$SYS/#', false],
    [observer, 'kendali/v1/devices/+/telemetry', true],
    [observer, 'kendali/v1/devices/aq-1/status', true],
    [observer, 'kendali/v1/devices/+/errors', false],
    [observer, 'kendali/v1/devices/+/+', false],
    [observer, 'kendali/#', false],
    [observer, 'kendali/v1/alarms/#', true],
    [device, 'kendali/v1/alarms/#', false],
    [device, 'kendali/v1/devices/aq-1/settings', true],
    [device, 'kendali/v1/devices/aq-2/settings', false],
    [device, 'kendali/v1/devices/+/settings', false],
    [device, 'kendali/v1/devices/aq-1/settings/reported', false],
    [pending, 'kendali/v1/devices/aq-1/settings', false],
    [pending, 'kendali/v1/devices/aq-1/errors', true],
    [observer, 'kendali/v1/devices/+/settings', false],
    [observer, 'kendali/v1/devices/aq-1/settings', false],
  ])('%o subscribing to %s: %s', (identity, filter, allowed) => {
    expect(maySubscribe(identity, filter)).toBe(allowed);
  });
});
