import { describe, expect, it } from 'vitest';
import { deviceTopic, topicChannels } from '@kendali/contracts';
import { maySubscribe } from '../subscribe-acl';
import { checkPublishTopic } from '../topic-acl';
import { deviceAcls, serviceAcls } from './device-accounts';

const device = { role: 'device', deviceId: 'wl-1' } as const;
const mayPublish = (topic: string) => {
  try {
    checkPublishTopic(topic, device);
    return true;
  } catch {
    return false;
  }
};

describe('a device account in Mosquitto has the rights the embedded broker gives the device', () => {
  const acls = deviceAcls('wl-1');
  const topicsOf = (type: string) => acls.filter((acl) => acl.acltype === type).map((acl) => acl.topic).sort();

  it('publishes exactly to the channels topic-acl.ts lets it publish to', () => {
    expect(topicsOf('publishClientSend')).toEqual(topicChannels.map((channel) => deviceTopic('wl-1', channel)).filter(mayPublish).sort());
  });

  it('subscribes exactly to the channels subscribe-acl.ts lets it subscribe to, literally (no wildcards)', () => {
    expect(topicsOf('subscribeLiteral')).toEqual(topicChannels.map((channel) => deviceTopic('wl-1', channel)).filter((topic) => maySubscribe(device, topic)).sort());
  });

  it('grants and never denies, and nothing of another device', () => {
    expect(acls.every((acl) => acl.allow && acl.topic.startsWith('kendali/v1/devices/wl-1/'))).toBe(true);
  });
});

describe('Kendali\'s own role', () => {
  it('takes telemetry and status and devices\' answers through shared subscriptions, and sends only what flows to devices, alarm followers and api nodes', () => {
    const acls = serviceAcls();
    expect(acls.filter((acl) => acl.acltype === 'subscribePattern').map((acl) => acl.topic)).toEqual(
      expect.arrayContaining(['$share/kendali/kendali/v1/devices/+/telemetry', '$share/kendali-api/kendali/v1/devices/+/commands/result', 'kendali/v1/internal/#']),
    );
    expect(acls.filter((acl) => acl.acltype === 'publishClientSend').map((acl) => acl.topic).sort()).toEqual(
      ['kendali/v1/alarms/#', 'kendali/v1/devices/+/commands', 'kendali/v1/devices/+/errors', 'kendali/v1/devices/+/settings', 'kendali/v1/internal/#'].sort(),
    );
  });
});
