import { connectAsync, type MqttClient } from 'mqtt';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { deviceTopic, type RejectionNotice } from '@kendali/contracts';
import type { Platform } from '@kendali/platform';
import { apiFetch, apiJson, startTestPlatform } from '@kendali/test-support';

let platform: Platform;
let stopPlatform: () => Promise<void>;
let device: MqttClient;
const notices: RejectionNotice[] = [];
const deviceId = 'aq-karawaci-test';

beforeAll(async () => {
  ({ platform, stop: stopPlatform } = await startTestPlatform('bad-input', { KENDALI_MAX_PAYLOAD_BYTES: '4096' }));
  const { secret } = await platform.core.registry.create(deviceId, { kind: 'air-quality', name: 'AQ Karawaci', district: 'Karawaci' });
  device = await connectAsync(platform.addresses.mqtt, { clientId: deviceId, username: deviceId, password: secret, reconnectPeriod: 0 });
  await device.subscribeAsync(deviceTopic(deviceId, 'errors'), { qos: 0 });
  device.on('message', (_topic, payload) => notices.push(JSON.parse(payload.toString()) as RejectionNotice));
});

afterAll(async () => {
  await device?.endAsync(true);
  await stopPlatform?.();
});

const publish = (payload: string | Buffer) => device.publishAsync(deviceTopic(deviceId, 'telemetry'), payload, { qos: 1 });

const nextNotice = async (count: number) => {
  for (let i = 0; i < 200 && notices.length < count; i++) await new Promise((r) => setTimeout(r, 10));
  return notices[count - 1];
};

describe('bad input is rejected with a reason and loses nothing else', () => {
  it.each([
    ['malformed JSON', '{"pm25": 12.5', 'KENDALI_ERR_PAYLOAD_MALFORMED', /not valid JSON/],
    ['a wrong type', '{"pm25": "twelve"}', 'KENDALI_ERR_FIELD_TYPE', /field "pm25" must be number/],
    ['an out-of-range value', '{"pm25": 12000}', 'KENDALI_ERR_FIELD_RANGE', /12000 µg\/m³, outside 0 µg\/m³ … 1000 µg\/m³/],
    ['an unknown field', '{"pm25": 12.5, "pm1": 4}', 'KENDALI_ERR_FIELD_UNKNOWN', /unknown field "pm1"/],
    ['a payload over the size limit', JSON.stringify({ pm25: 12.5, note: 'x'.repeat(5000) }), 'KENDALI_ERR_PAYLOAD_TOO_LARGE', /limit is 4096 bytes/],
  ])('%s gets a readable reason on the errors topic', async (_name, payload, code, message) => {
    const before = notices.length;
    await publish(payload); // acknowledged: the device is not made to resend a message that can never be stored
    const notice = await nextNotice(before + 1);
    expect(notice).toMatchObject({ code, topic: deviceTopic(deviceId, 'telemetry') });
    expect(notice?.message).toMatch(message);
    expect(Date.parse(notice!.at)).toBeGreaterThan(0);
    expect(device.connected).toBe(true);
  });

  it('stored none of them, and the same connection then stores a valid reading', async () => {
    expect(platform.core.telemetry.storedCount).toBe(0);
    await publish('{"pm25": 18.25, "temperatureC": 31}');
    expect(platform.core.telemetry.storedCount).toBe(1);
    const body = await apiJson<{ points: { value: number }[] }>(platform.addresses.http, `/api/telemetry?device=${deviceId}&field=pm25`);
    expect(body.points.map((p) => p.value)).toEqual([18.25]);

    const metrics = await (await apiFetch(platform.addresses.http, '/metrics')).text();
    for (const code of ['KENDALI_ERR_PAYLOAD_MALFORMED', 'KENDALI_ERR_FIELD_TYPE', 'KENDALI_ERR_FIELD_RANGE', 'KENDALI_ERR_FIELD_UNKNOWN', 'KENDALI_ERR_PAYLOAD_TOO_LARGE']) {
      expect(metrics).toContain(`kendali_messages_rejected_total{code="${code}"} 1`);
    }
    const rejections = await apiJson<unknown[]>(platform.addresses.http, `/api/rejections?device=${deviceId}`);
    expect(rejections).toHaveLength(5);
  });
});
