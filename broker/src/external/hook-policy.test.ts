import { describe, expect, it } from 'vitest';
import { deviceTopic, topicChannels } from '@kendali/contracts';
import type { Authenticator } from '../client-identity';
import type { ConnectRefusal } from '../authenticate';
import { deviceAcls, serviceAcls } from './device-accounts';
import { HookPolicy, type HookVerdict } from './hook-policy';

/** Devices the registry would hold: their secret and whether they are enabled. */
const registered = new Map([
  ['wl-1', { secret: 'secret-of-wl-1', enabled: true }],
  ['wl-2', { secret: 'secret-of-wl-2', enabled: true }],
  ['wl-off', { secret: 'secret-of-wl-off', enabled: false }],
]);

/** The registry's answer in the authenticator's words (the platform's authenticator, without discovery and observers). */
const authenticator: Authenticator = async ({ username, password }) => {
  const device = username === undefined ? undefined : registered.get(username);
  if (device === undefined) return { ok: false, returnCode: 4, reason: `unknown device "${username}"` };
  if (!device.enabled) return { ok: false, returnCode: 5, reason: `device "${username}" is disabled` };
  if (password?.toString('utf8') !== device.secret) return { ok: false, returnCode: 4, reason: `wrong secret for device "${username}"` };
  return { ok: true, identity: { role: 'device', deviceId: username! } };
};

const service = { username: 'kendali-ingest', password: 'ingest password + spaces/=&' };

function policyUnderTest() {
  const refusals: ConnectRefusal[] = [];
  const policy = new HookPolicy({
    authenticator,
    service,
    deviceEnabled: (id) => registered.get(id)?.enabled,
    // Small limits, so the lock-outs are reached in a few attempts.
    connectGuard: { maxFailuresPerDevice: 3, maxDevicesPerAddress: 4, windowS: 60, blockS: 300, connectsPerSecond: 50 },
    refused: (refusal) => refusals.push(refusal),
  });
  return { policy, refusals };
}

const connect = (username: string, password: string, peerhost = '10.0.0.1', clientId = username) => ({ clientId, username, password, peerhost });
const access = (username: string, action: string, topic: string, clientId = username) => ({ clientId, username, action, topic });

describe('the HTTP hooks: who may connect', () => {
  it('lets in a device with its secret and Kendali\'s own user with its password; refuses a wrong one, a disabled device and a borrowed client id', async () => {
    const { policy, refusals } = policyUnderTest();
    expect(await policy.authenticate(connect('wl-1', 'secret-of-wl-1'))).toBe('allow');
    expect(await policy.authenticate(connect(service.username, service.password, '10.0.0.1', 'kendali-node-1'))).toBe('allow');
    expect(await policy.authenticate(connect('wl-1', 'secret-of-wl-2'))).toBe('deny');
    expect(await policy.authenticate(connect(service.username, 'ingest password'))).toBe('deny');
    expect(await policy.authenticate(connect('wl-off', 'secret-of-wl-off'))).toBe('deny');
    expect(refusals.map((refusal) => refusal.reason)).toEqual([
      'wrong secret for device "wl-1"',
      'wrong password for Kendali\'s own user "kendali-ingest"',
      'device "wl-off" is disabled',
    ]);
  });

  it('leaves a user name it does not know to the broker\'s next authenticator, unless its address is locked out', async () => {
    const { policy } = policyUnderTest();
    expect(await policy.authenticate(connect('sensor-of-another-system', 'its password', '10.0.0.2'))).toBe('ignore');
    expect(await policy.authenticate(connect('', '', '10.0.0.2', 'anonymous-client'))).toBe('ignore');
    // Four distinct failing ids from one address (a scan) lock the address: strangers are then refused outright.
    for (const id of ['scan-1', 'scan-2']) expect(await policy.authenticate(connect(id, 'guess', '10.0.0.2'))).toBe('ignore');
    expect(await policy.authenticate(connect('scan-3', 'guess', '10.0.0.2'))).toBe('deny');
    expect(await policy.authenticate(connect('wl-1', 'secret-of-wl-1', '10.0.0.2'))).toBe('deny');
    expect(await policy.authenticate(connect('wl-1', 'secret-of-wl-1', '10.0.0.3'))).toBe('allow');
  });

  it('locks out a device id retrying a wrong secret at its address only, and not its neighbours there', async () => {
    const { policy, refusals } = policyUnderTest();
    for (let i = 0; i < 3; i += 1) expect(await policy.authenticate(connect('wl-1', 'old-secret', '10.0.0.4'))).toBe('deny');
    expect(await policy.authenticate(connect('wl-1', 'secret-of-wl-1', '10.0.0.4'))).toBe('deny');
    expect(refusals.at(-1)?.reason).toBe('too many failed connects as "wl-1" from 10.0.0.4; blocked for a while');
    expect(await policy.authenticate(connect('wl-2', 'secret-of-wl-2', '10.0.0.4'))).toBe('allow');
    expect(await policy.authenticate(connect('wl-1', 'secret-of-wl-1', '10.0.0.5'))).toBe('allow');
  });
});

describe('the HTTP hooks: what a client may publish and subscribe to', () => {
  const { policy } = policyUnderTest();
  const verdicts = (username: string, action: string, topics: readonly string[], clientId = username) =>
    Object.fromEntries(topics.map((topic) => [topic, policy.authorize(access(username, action, topic, clientId))]));
  const everyChannelOf = (deviceId: string) => topicChannels.map((channel) => deviceTopic(deviceId, channel));
  const allowedIn = (acls: readonly { acltype: string; topic: string }[], ...types: string[]) => acls.filter((acl) => types.includes(acl.acltype)).map((acl) => acl.topic).sort();
  const allowedOf = (verdict: Record<string, HookVerdict>) => Object.keys(verdict).filter((topic) => verdict[topic] === 'allow').sort();

  it('gives a device exactly the rights its Mosquitto role has (those of the embedded broker), and denies the rest of its topics', () => {
    const publish = verdicts('wl-1', 'publish', everyChannelOf('wl-1'));
    const subscribe = verdicts('wl-1', 'subscribe', everyChannelOf('wl-1'));
    expect(allowedOf(publish)).toEqual(allowedIn(deviceAcls('wl-1'), 'publishClientSend'));
    expect(allowedOf(subscribe)).toEqual(allowedIn(deviceAcls('wl-1'), 'subscribeLiteral'));
    expect(new Set([...Object.values(publish), ...Object.values(subscribe)])).toEqual(new Set(['allow', 'deny']));
  });

  it("refuses a device another device's topics, wildcards, other actions, a borrowed client id, and everything once disabled", () => {
    expect(verdicts('wl-1', 'publish', everyChannelOf('wl-2'))).toEqual(Object.fromEntries(everyChannelOf('wl-2').map((topic) => [topic, 'deny'])));
    expect(verdicts('wl-1', 'subscribe', ['kendali/v1/devices/+/commands', 'kendali/v1/devices/wl-1/#', '#', 'kendali/v1/devices/wl-2/commands'])).toEqual({
      'kendali/v1/devices/+/commands': 'deny',
      'kendali/v1/devices/wl-1/#': 'deny',
      '#': 'deny',
      'kendali/v1/devices/wl-2/commands': 'deny',
    });
    expect(policy.authorize(access('wl-1', 'all', deviceTopic('wl-1', 'telemetry')))).toBe('deny');
    expect(policy.authorize(access('wl-1', 'publish', deviceTopic('wl-1', 'telemetry'), 'wl-2'))).toBe('deny');
    expect(policy.authorize(access('wl-1', 'publish', deviceTopic('wl-1', 'telemetry'), 'wl-1:gateway'))).toBe('allow');
    expect(verdicts('wl-off', 'publish', [deviceTopic('wl-off', 'telemetry'), deviceTopic('wl-off', 'status')])).toEqual({
      [deviceTopic('wl-off', 'telemetry')]: 'deny',
      [deviceTopic('wl-off', 'status')]: 'deny',
    });
  });

  it("gives Kendali's own user the rights of its Mosquitto role: the shared subscriptions (asked with or without $share/kendali/) and what flows to devices", () => {
    const acls = serviceAcls();
    const subscriptions = allowedIn(acls, 'subscribePattern');
    expect(Object.values(verdicts(service.username, 'subscribe', subscriptions, 'kendali-node-1'))).toEqual(subscriptions.map(() => 'allow'));
    // Each wildcard of a publish right stands for any device, or any alarm.
    const publishes = allowedIn(acls, 'publishClientSend').map((topic) => topic.replace('+', 'wl-2').replace('#', 'Karawaci/alarm-7'));
    expect(Object.values(verdicts(service.username, 'publish', publishes))).toEqual(publishes.map(() => 'allow'));
    expect(
      verdicts(service.username, 'subscribe', ['$share/other/kendali/v1/devices/+/telemetry', 'kendali/v1/devices/+/errors', 'kendali/v1/#', '#']),
    ).toEqual({
      '$share/other/kendali/v1/devices/+/telemetry': 'deny',
      'kendali/v1/devices/+/errors': 'deny',
      'kendali/v1/#': 'deny',
      '#': 'deny',
    });
    expect(verdicts(service.username, 'publish', [deviceTopic('wl-1', 'telemetry'), deviceTopic('wl-1', 'status'), 'factory/line-1'])).toEqual({
      [deviceTopic('wl-1', 'telemetry')]: 'deny',
      [deviceTopic('wl-1', 'status')]: 'deny',
      'factory/line-1': 'deny',
    });
  });

  it('keeps the internal feed to Kendali\'s own user: no device or observer may publish or follow it', () => {
    const feed = ['kendali/v1/internal/#', 'kendali/v1/internal/telemetry/wl-1', '$share/x/kendali/v1/internal/telemetry/+', 'kendali/v1/internal/retire/ingest-1~2'];
    expect(verdicts(service.username, 'subscribe', ['kendali/v1/internal/#', 'kendali/v1/internal/retire/ingest-1~2', 'kendali/v1/internal/telemetry/wl-1'])).toEqual({
      'kendali/v1/internal/#': 'allow',
      // A retiring ingest session's marker (external-ingest.ts); the feed itself is followed whole.
      'kendali/v1/internal/retire/ingest-1~2': 'allow',
      'kendali/v1/internal/telemetry/wl-1': 'deny',
    });
    expect(verdicts(service.username, 'publish', ['kendali/v1/internal/telemetry/wl-1'])).toEqual({ 'kendali/v1/internal/telemetry/wl-1': 'allow' });
    for (const username of ['wl-1', 'kendali-observer']) {
      for (const action of ['publish', 'subscribe']) expect(Object.values(verdicts(username, action, feed, username === 'wl-1' ? 'wl-1' : 'mirror-1'))).toEqual(feed.map(() => 'deny'));
    }
    expect(deviceAcls('wl-1').some((acl) => acl.topic.includes('internal'))).toBe(false);
  });

  it('lets an observer read telemetry, status and alarms, and publish nothing', () => {
    expect(verdicts('kendali-observer', 'subscribe', ['kendali/v1/devices/+/telemetry', 'kendali/v1/alarms/#', 'kendali/v1/devices/+/commands'], 'mirror-1')).toEqual({
      'kendali/v1/devices/+/telemetry': 'allow',
      'kendali/v1/alarms/#': 'allow',
      'kendali/v1/devices/+/commands': 'deny',
    });
    expect(policy.authorize(access('kendali-observer', 'publish', deviceTopic('wl-1', 'telemetry'), 'mirror-1'))).toBe('deny');
  });

  it("refuses strangers whatever could touch Kendali's topics, and leaves them the rest", () => {
    expect(verdicts('scada-7', 'subscribe', ['#', '+/v1/devices/+/telemetry', 'kendali/v1/devices/wl-1/telemetry', '$share/g/kendali/v1/#', 'factory/#', '$SYS/#'])).toEqual({
      '#': 'deny',
      '+/v1/devices/+/telemetry': 'deny',
      'kendali/v1/devices/wl-1/telemetry': 'deny',
      '$share/g/kendali/v1/#': 'deny',
      'factory/#': 'ignore',
      '$SYS/#': 'ignore',
    });
    expect(verdicts('scada-7', 'publish', [deviceTopic('wl-1', 'telemetry'), 'kendali/v1/alarms/x', 'factory/line-1/temperature'])).toEqual({
      [deviceTopic('wl-1', 'telemetry')]: 'deny',
      'kendali/v1/alarms/x': 'deny',
      'factory/line-1/temperature': 'ignore',
    });
  });
});
