import { describe, expect, it } from 'vitest';
import { jsString, publishExamples, shellQuote, shellWord } from './publish-examples';

const mqtt = { host: '10.20.0.5', tcpPort: 1883, tlsPort: null, webSocketPath: '/mqtt' };

describe('publish examples', () => {
  it('builds a mosquitto_pub line for exactly that device', () => {
    const examples = publishExamples(mqtt, { id: 'wl-pintu-air-10', secret: 's3cr3t-XYZ' }, 'water-level');
    expect(examples.topic).toBe('kendali/v1/devices/wl-pintu-air-10/telemetry');
    expect(examples.mosquitto).toBe(
      "mosquitto_pub -h 10.20.0.5 -p 1883 -i wl-pintu-air-10 -u wl-pintu-air-10 -P 's3cr3t-XYZ' -q 1 " +
        "-t kendali/v1/devices/wl-pintu-air-10/telemetry -m '{\"waterLevelCm\": 212.5, \"rainfallMmPerHour\": 4.2, \"batteryV\": 12.6}'",
    );
    expect(examples.mosquittoTls).toBeNull();
  });

  it('adds a TLS line when the platform listens for TLS', () => {
    const examples = publishExamples({ ...mqtt, tlsPort: 8883 }, { id: 'aq-1', secret: 'x' }, 'air-quality');
    expect(examples.mosquittoTls).toContain('-p 8883 --capath /etc/ssl/certs');
  });

  it('writes an mqtt.js program with id as client id and username, secret as password', () => {
    const { mqttJs } = publishExamples(mqtt, { id: 'tl-1', secret: 'abc' }, 'traffic');
    expect(mqttJs).toContain("mqtt.connect('mqtt://10.20.0.5:1883', {");
    expect(mqttJs).toContain("clientId: 'tl-1', // must be the device id");
    expect(mqttJs).toContain("username: 'tl-1',\n  password: 'abc',");
    expect(mqttJs).toContain("const topic = 'kendali/v1/devices/tl-1/telemetry';");
    expect(mqttJs).toContain('const reading = { vehicleCount: 142, intervalS: 60, occupancy: 0.35, avgSpeedKmh: 27.5, congested: false };');
    expect(mqttJs).toContain('client.publish(topic, JSON.stringify(reading), { qos: 1 }');
  });

  it('brackets an IPv6 host in the URL', () => {
    expect(publishExamples({ ...mqtt, host: '::1' }, { id: 'a', secret: 'b' }, 'wifi-ap').mqttJs).toContain("'mqtt://[::1]:1883'");
  });

  it('quotes what a shell or JavaScript would otherwise read', () => {
    expect(shellQuote("it's")).toBe("'it'\\''s'");
    expect(shellWord('wl-1.a_b')).toBe('wl-1.a_b');
    expect(shellWord('a b')).toBe("'a b'");
    expect(jsString("a'b\\c")).toBe("'a\\'b\\\\c'");
  });
});
