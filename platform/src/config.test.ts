import { describe, expect, it } from 'vitest';
import { ConfigError, loadConfig } from './config';

const problemsOf = (env: Record<string, string>): readonly string[] => {
  try {
    loadConfig(env);
  } catch (error) {
    if (error instanceof ConfigError) return error.problems;
    throw error;
  }
  return [];
};

describe('loadConfig: MQTT before authentication', () => {
  it('bounds a connection before CONNACK to 4 KiB and 5 s unless told otherwise', () => {
    expect(loadConfig({})).toMatchObject({ maxConnectBytes: 4096, connectTimeoutMs: 5000 });
    expect(loadConfig({ KENDALI_MQTT_MAX_CONNECT_BYTES: '8192', KENDALI_MQTT_CONNECT_TIMEOUT_MS: '2000' })).toMatchObject({ maxConnectBytes: 8192, connectTimeoutMs: 2000 });
  });

  it('names the setting when a value does not parse or is out of range', () => {
    expect(problemsOf({ KENDALI_MQTT_MAX_CONNECT_BYTES: 'lots' })).toEqual([expect.stringMatching(/^KENDALI_MQTT_MAX_CONNECT_BYTES="lots": must be a number of bytes\. Fix or unset KENDALI_MQTT_MAX_CONNECT_BYTES/)]);
    expect(problemsOf({ KENDALI_MQTT_MAX_CONNECT_BYTES: '1048576' })).toEqual([expect.stringMatching(/^KENDALI_MQTT_MAX_CONNECT_BYTES="1048576": must be at most 65536/)]);
    expect(problemsOf({ KENDALI_MQTT_CONNECT_TIMEOUT_MS: '0' })).toEqual([expect.stringMatching(/^KENDALI_MQTT_CONNECT_TIMEOUT_MS="0": must be at least 100 ms/)]);
  });

  it('refuses a CONNECT bound above the packet limit', () => {
    expect(problemsOf({ KENDALI_MQTT_MAX_CONNECT_BYTES: '8192', KENDALI_MQTT_MAX_PACKET_BYTES: '4096', KENDALI_MAX_PAYLOAD_BYTES: '1024' })).toEqual([
      expect.stringMatching(/^KENDALI_MQTT_MAX_CONNECT_BYTES=8192 is above KENDALI_MQTT_MAX_PACKET_BYTES=4096/),
    ]);
  });
});
