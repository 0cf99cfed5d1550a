import { randomBytes } from 'node:crypto';
import mqtt from 'mqtt';
import { parseDeviceTopic, topicPrefix } from '@kendali/contracts';
import type { Device } from '@kendali/contracts';
import { SimulatorError } from '../errors';
import type { SimulatedDevice } from '../fleet';
import type { RecordedChannel } from './recording-format';

/** Username of Kendali's internal read-only subscribers; the password is an API token. */
const observerUsername = 'kendali-observer';

export interface Observer {
  stop(): Promise<void>;
}

/**
 * Subscribes to every device's telemetry and status as a Kendali observer (read-only) and hands
 * each message on. Resolves once subscribed; rejects if the broker refuses the token.
 */
export async function observeLiveStream(options: {
  readonly url: string;
  readonly token: string;
  readonly onMessage: (deviceId: string, channel: RecordedChannel, payload: string) => void;
}): Promise<Observer> {
  const client = mqtt.connect(options.url, {
    clientId: `kendali-recorder-${process.pid}-${randomBytes(4).toString('hex')}`,
    username: observerUsername,
    password: options.token,
    clean: true,
    reconnectPeriod: 1_000,
    connectTimeout: 10_000,
  });
  try {
    await new Promise<void>((resolve, reject) => {
      client.once('connect', () => resolve());
      client.once('error', reject);
    });
    await client.subscribeAsync({ [`${topicPrefix}/+/telemetry`]: { qos: 1 }, [`${topicPrefix}/+/status`]: { qos: 1 } });
  } catch (error) {
    client.end(true);
    const reason = error instanceof Error ? error.message : String(error);
    throw new SimulatorError('KENDALI_ERR_SIM_CONNECT', `the observer could not subscribe at ${options.url}: ${reason} (the password must be an API token)`, { cause: error });
  }
  client.on('message', (topic, payload) => {
    const parsed = parseDeviceTopic(topic);
    if (parsed && (parsed.channel === 'telemetry' || parsed.channel === 'status')) options.onMessage(parsed.deviceId, parsed.channel, payload.toString('utf8'));
  });
  return { stop: () => client.endAsync() };
}

/** The registry's devices (GET /api/devices), for a recording's header, so a replay can register them again. */
export async function fetchRegisteredDevices(apiUrl: string, token: string): Promise<SimulatedDevice[]> {
  const response = await fetch(`${apiUrl.replace(/\/+$/, '')}/api/devices`, { headers: { authorization: `Bearer ${token}` } });
  if (!response.ok) throw new SimulatorError('KENDALI_ERR_SIM_REGISTER', `GET ${apiUrl}/api/devices answered ${response.status}`);
  const devices = (await response.json()) as Device[];
  return devices.map(({ id, kind, name, district, lat, lon, metadata, installDate }) => ({
    id,
    kind,
    name,
    district,
    lat: lat ?? 0,
    lon: lon ?? 0,
    ...(Object.keys(metadata).length > 0 ? { metadata } : {}),
    ...(installDate ? { installDate } : {}),
  }));
}
