import net from 'node:net';
import mqtt from 'mqtt';
import type { MqttClient } from 'mqtt';
import { deviceTopic, statusPayloads } from '@kendali/contracts';
import type { RejectionNotice } from '@kendali/contracts';
import { SimulatorError } from './errors';
import type { SimulatedDevice } from './fleet';
import type { Random } from './prng';
import { sampleReading } from './sample-reading';
import type { DeviceCredentials, SimulationCounters, SimulationEvent } from './simulation-types';

export interface DeviceLinkOptions {
  readonly url: string;
  readonly device: SimulatedDevice;
  readonly credentials: DeviceCredentials | undefined;
  readonly qos: 0 | 1;
  readonly periodMs: number;
  readonly random: Random;
  readonly counters: SimulationCounters;
  readonly onEvent: (event: SimulationEvent) => void;
  readonly connectTimeoutMs: number;
  readonly reconnectPeriodMs: number;
  readonly signal: AbortSignal | undefined;
}

/** One simulated device's MQTT connection, as real hardware would hold it. */
export interface DeviceLink {
  /** Publishes telemetry every period, the first after `firstDelayMs`. */
  startPublishing(firstDelayMs: number): void;
  /** Says `offline`, waits for outstanding acknowledgements (at most `timeoutMs`), disconnects. */
  stop(timeoutMs: number): Promise<void>;
  /** Drops the connection at once without a goodbye (used when starting the fleet fails). */
  destroy(): void;
}

/**
 * Connects one device: clean session, `offline` as its retained last will, `online` (retained)
 * on every connect, subscribed to its errors topic. Resolves once connected and subscribed;
 * rejects if the first attempt fails (later drops are retried every reconnectPeriodMs).
 */
export function connectDevice(options: DeviceLinkOptions): Promise<DeviceLink> {
  const { device, counters, onEvent } = options;
  const statusTopic = deviceTopic(device.id, 'status');
  const telemetryTopic = deviceTopic(device.id, 'telemetry');
  const errorsTopic = deviceTopic(device.id, 'errors');

  const client = mqtt.connect(options.url, {
    clientId: device.id,
    username: options.credentials?.username ?? device.id,
    ...(options.credentials ? { password: options.credentials.password } : {}),
    clean: true,
    protocolVersion: 4,
    connectTimeout: options.connectTimeoutMs,
    reconnectPeriod: options.reconnectPeriodMs,
    will: { topic: statusTopic, payload: Buffer.from(statusPayloads.offline), qos: 1, retain: true },
  });
  setNoDelay(client);

  let isConnected = false;
  let stopping = false;
  let firstTimer: NodeJS.Timeout | undefined;
  let interval: NodeJS.Timeout | undefined;
  // Telemetry published and not yet acknowledged; settled as failed if the client is closed on them.
  let inFlight = 0;
  let abandoned = false;
  let idleWaiters: (() => void)[] = [];
  // Set while the first connection attempt is pending: connection trouble then fails the start.
  let failStart: ((reason: string, cause?: unknown) => void) | undefined;

  client.on('connect', () => {
    setNoDelay(client);
    if (!isConnected) counters.connected++;
    isConnected = true;
    client.publish(statusTopic, statusPayloads.online, { qos: 1, retain: true }, (error) => {
      if (error && !stopping) onEvent({ type: 'error', deviceId: device.id, error });
    });
    onEvent({ type: 'connected', deviceId: device.id });
  });
  client.on('close', () => {
    if (failStart) return failStart('the connection closed before the broker accepted it');
    if (!isConnected) return;
    isConnected = false;
    counters.connected--;
    if (!stopping) onEvent({ type: 'disconnected', deviceId: device.id });
  });
  // mqtt.js keeps reconnecting after the first connect: later trouble is reported, never thrown.
  client.on('error', (error) => {
    if (failStart) failStart(error.message, error);
    else if (!stopping) onEvent({ type: 'error', deviceId: device.id, error });
  });
  client.on('message', (topic, payload) => {
    if (topic !== errorsTopic) return;
    counters.rejected++;
    const text = payload.toString('utf8');
    onEvent({ type: 'rejected', deviceId: device.id, notice: parseNotice(text), payload: text });
  });

  const settle = (error: Error | undefined): void => {
    if (abandoned) return;
    inFlight--;
    if (error) counters.failed++;
    else counters.acknowledged++;
    if (inFlight > 0) return;
    const waiters = idleWaiters;
    idleWaiters = [];
    for (const wake of waiters) wake();
  };
  const publishReading = (): void => {
    if (!client.connected) {
      counters.failed++;
      return;
    }
    const ts = Date.now();
    const payload = JSON.stringify({ ts, ...sampleReading(device, ts, options.random) });
    counters.sent++;
    inFlight++;
    client.publish(telemetryTopic, payload, { qos: options.qos }, settle);
  };
  const whenIdle = (): Promise<void> =>
    inFlight === 0 ? Promise.resolve() : new Promise<void>((resolve) => idleWaiters.push(resolve));
  const closeNow = async (): Promise<void> => {
    abandoned = true;
    counters.failed += inFlight;
    inFlight = 0;
    await client.endAsync(true);
  };

  const link: DeviceLink = {
    startPublishing(firstDelayMs) {
      firstTimer = setTimeout(() => {
        firstTimer = undefined;
        publishReading();
        interval = setInterval(publishReading, options.periodMs);
      }, firstDelayMs);
    },
    async stop(timeoutMs) {
      stopping = true;
      clearTimeout(firstTimer);
      clearInterval(interval);
      if (!client.connected) return closeNow();
      const goodbye = client.publishAsync(statusTopic, statusPayloads.offline, { qos: 1, retain: true }).catch(() => undefined);
      if (!(await withinMs(Promise.all([goodbye, whenIdle()]), timeoutMs))) return closeNow();
      // Nothing is outstanding now, so a graceful end sends DISCONNECT (no last will) at once.
      if (!(await withinMs(client.endAsync(false), timeoutMs))) client.stream.destroy();
    },
    destroy() {
      stopping = true;
      abandoned = true;
      client.end(true);
    },
  };

  return new Promise<DeviceLink>((resolve, reject) => {
    const onAbort = (): void => failStart?.('aborted');
    const finishStart = (): void => {
      failStart = undefined;
      options.signal?.removeEventListener('abort', onAbort);
    };
    failStart = (reason, cause) => {
      finishStart();
      link.destroy();
      reject(
        options.signal?.aborted === true
          ? options.signal.reason
          : new SimulatorError('KENDALI_ERR_SIM_CONNECT', `device ${device.id} could not connect to ${options.url}: ${reason}`, { cause }),
      );
    };
    client.once('connect', () => {
      client.subscribe(errorsTopic, { qos: 1 }, (error, granted) => {
        if (!failStart) return; // aborted meanwhile
        if (error) return failStart(`subscribing to ${errorsTopic} failed: ${error.message}`, error);
        finishStart();
        // [MQTT-3.9.3-2] 0x80 in a SUBACK means the broker refused the subscription.
        if (granted?.some((grant) => grant.qos === 128)) {
          onEvent({ type: 'error', deviceId: device.id, error: new Error(`the broker refused a subscription to ${errorsTopic}`) });
        }
        resolve(link);
      });
    });
    if (options.signal?.aborted) return onAbort();
    options.signal?.addEventListener('abort', onAbort, { once: true });
  });
}

/** mqtt.js leaves Nagle's algorithm on, which adds ~20 ms to small publishes (DESIGN.md); TLS sockets are net.Sockets too. */
function setNoDelay(client: MqttClient): void {
  const stream: unknown = client.stream;
  if (stream instanceof net.Socket) stream.setNoDelay(true);
}

function parseNotice(text: string): RejectionNotice | undefined {
  try {
    const value: unknown = JSON.parse(text);
    if (typeof value === 'object' && value !== null && 'code' in value && 'message' in value) return value as RejectionNotice;
  } catch {
    // Not JSON: the raw payload still reaches the caller.
  }
  return undefined;
}

/** Whether `work` settled within `timeoutMs`; never leaves a timer behind. */
async function withinMs(work: Promise<unknown>, timeoutMs: number): Promise<boolean> {
  let timer: NodeJS.Timeout | undefined;
  const deadline = new Promise<false>((resolve) => {
    timer = setTimeout(() => resolve(false), timeoutMs);
  });
  try {
    return await Promise.race([work.then(() => true, () => true), deadline]);
  } finally {
    clearTimeout(timer);
  }
}
