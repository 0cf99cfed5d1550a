import { describe, expect, it } from 'vitest';
import { checkPublishTopic } from './topic-acl';

describe('checkPublishTopic', () => {
  it('allows a device telemetry and status topic', () => {
    expect(checkPublishTopic('kendali/v1/devices/aq-1/telemetry', undefined)).toEqual({ deviceId: 'aq-1', channel: 'telemetry' });
    expect(checkPublishTopic('kendali/v1/devices/aq-1/status', { role: 'device', deviceId: 'aq-1' })).toEqual({ deviceId: 'aq-1', channel: 'status' });
  });

  it("allows a device its own commands' results", () => {
    expect(checkPublishTopic('kendali/v1/devices/aq-1/commands/result', { role: 'device', deviceId: 'aq-1' })).toEqual({ deviceId: 'aq-1', channel: 'commands/result' });
  });

  it('allows a device to report its own settings, never the desired ones, nor another device\'s', () => {
    expect(checkPublishTopic('kendali/v1/devices/aq-1/settings/reported', { role: 'device', deviceId: 'aq-1' })).toEqual({ deviceId: 'aq-1', channel: 'settings/reported' });
    expect(() => checkPublishTopic('kendali/v1/devices/aq-1/settings', { role: 'device', deviceId: 'aq-1' })).toThrow(/KENDALI_ERR_TOPIC_FORBIDDEN/);
    expect(() => checkPublishTopic('kendali/v1/devices/aq-2/settings/reported', { role: 'device', deviceId: 'aq-1' })).toThrow(/KENDALI_ERR_TOPIC_NOT_OWN/);
    expect(() => checkPublishTopic('kendali/v1/devices/aq-1/settings/reported', { role: 'observer', name: 'mirror' })).toThrow(/read-only/);
  });

  it("refuses a device publishing another device's command results", () => {
    expect(() => checkPublishTopic('kendali/v1/devices/aq-2/commands/result', { role: 'device', deviceId: 'aq-1' })).toThrow(/KENDALI_ERR_TOPIC_NOT_OWN/);
  });

  it.each([
    'kendali/v1/devices/aq-1/errors',
    'kendali/v1/devices/aq-1/commands',
    'kendali/v1/devices/aq-1/commands/other',
    'kendali/v1/devices/aq-1/errors/result',
    'kendali/v1/devices/aq-1/telemetry/extra',
    'kendali/v2/devices/aq-1/telemetry',
    'some/other/topic',
    'kendali/v1/devices/bad id/telemetry',
  ])('refuses %s', (topic) => {
    expect(() => checkPublishTopic(topic, undefined)).toThrow(/KENDALI_ERR_TOPIC_FORBIDDEN/);
  });

  it("refuses a device publishing under another device's id", () => {
    expect(() => checkPublishTopic('kendali/v1/devices/aq-2/telemetry', { role: 'device', deviceId: 'aq-1' })).toThrow(/KENDALI_ERR_TOPIC_NOT_OWN/);
  });

  it('refuses every publish from a read-only observer', () => {
    expect(() => checkPublishTopic('kendali/v1/devices/aq-1/telemetry', { role: 'observer', name: 'mirror' })).toThrow(/read-only/);
  });
});
