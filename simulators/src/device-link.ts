import net from 'node:net';
import mqtt from 'mqtt';
import type { IConnackPacket, MqttClient } from 'mqtt';
import { deviceTopic, statusPayloads, type CommandMessage, type CommandResult, type ReportedSettings, type SettingsMessage } from '@kendali/contracts';
import { parseCommand } from './command-message';
import { parseSettingsMessage } from './settings-message';
import type { Backoff } from './backoff';
import { SimulatorError } from './errors';
import { parseNotice } from './rejection-notice';
import { settlesBefore, withinMs } from './within-ms';
import type { SimulatedDevice } from './fleet';
import type { DeviceCredentials, PublishTap, SimulationCounters, SimulationEvent } from './simulation-types';

export interface DeviceLinkOptions {
  readonly url: string;
  readonly device: SimulatedDevice;
  readonly credentials: DeviceCredentials | undefined;
  readonly qos: 0 | 1;
  readonly counters: SimulationCounters;
  readonly onEvent: (event: SimulationEvent) => void;
  readonly connectTimeoutMs: number;
  readonly backoff: Backoff;
  /** Readings a disconnected device keeps for sending after it reconnects; further ones are dropped (failed). */
  readonly maxBufferedMessages: number;
  readonly tap: PublishTap | undefined;
  readonly signal: AbortSignal | undefined;
}

/** One simulated device's MQTT connection, as real hardware holds it. */
export interface DeviceLink {
  readonly device: SimulatedDevice;
  /** False between powerCut() and powerOn(). */
  readonly powered: boolean;
  /** Telemetry published and not yet acknowledged (includes messages buffered while disconnected). */
  readonly inFlight: number;
  /** Who acts on the commands Kendali sends; commands that arrive before a handler is set wait for it. */
  onCommand(handler: (command: CommandMessage) => void): void;
  /** Answers a command on the commands/result topic (QoS1); while disconnected, once connected again. */
  answerCommand(result: CommandResult): void;
  /** Who applies the desired settings Kendali sends (retained); settings that arrive before a handler is set wait for it. */
  onSettings(handler: (message: SettingsMessage) => void): void;
  /** Reports the settings the device runs with on settings/reported (QoS1), now and again on every (re)connect. */
  reportSettings(report: ReportedSettings): void;
  /** Publishes one telemetry payload; `onSettled` hears whether the broker acknowledged it. */
  publishTelemetry(payload: string, onSettled?: (acknowledged: boolean) => void): void;
  /** Power lost: the connection drops without a goodbye, so the broker publishes the last will; no reconnecting until powerOn(). */
  powerCut(): void;
  /** Power back: the device boots for `bootDelayMs`, then connects. */
  powerOn(bootDelayMs: number): void;
  /** The network drops the connection; the device reconnects with back-off. */
  dropConnection(): void;
  /** Resolves once nothing is in flight, or after `timeoutMs`. */
  idle(timeoutMs: number): Promise<void>;
  /**
   * Says `offline`, waits for outstanding acknowledgements, disconnects; once `giveUp` aborts it
   * stops waiting and counts those still outstanding as failed.
   */
  stop(giveUp: AbortSignal): Promise<void>;
  /** Drops the connection at once without a goodbye (used when starting the fleet fails). */
  destroy(): void;
}

/**
 * Connects one device: persistent session (clean = false), so QoS 1 messages in flight when the
 * connection drops are sent again after reconnecting ([MQTT-4.4.0-1]); retained `offline` as its
 * last will; retained `online` on every connect; subscribed to its errors, commands and settings topics; reports its settings on every connect. Reconnects with
 * exponential back-off and jitter. Resolves once connected and subscribed; rejects if the first
 * attempt fails.
 */
export function connectDevice(options: DeviceLinkOptions): Promise<DeviceLink> {
  const { device, counters, onEvent, tap } = options;
  const statusTopic = deviceTopic(device.id, 'status');
  const telemetryTopic = deviceTopic(device.id, 'telemetry');
  const errorsTopic = deviceTopic(device.id, 'errors');
  const commandsTopic = deviceTopic(device.id, 'commands');
  const resultTopic = deviceTopic(device.id, 'commands/result');
  const settingsTopic = deviceTopic(device.id, 'settings');
  const reportedTopic = deviceTopic(device.id, 'settings/reported');
  const listened = [errorsTopic, commandsTopic, settingsTopic];

  const client = mqtt.connect(options.url, {
    clientId: device.id,
    username: options.credentials?.username ?? device.id,
    ...(options.credentials ? { password: options.credentials.password } : {}),
    clean: false,
    protocolVersion: 4,
    connectTimeout: options.connectTimeoutMs,
    reconnectPeriod: 0, // reconnecting is ours: exponential back-off with jitter
    reconnectOnConnackError: true,
    queueQoSZero: false,
    will: { topic: statusTopic, payload: Buffer.from(statusPayloads.offline), qos: 1, retain: true },
  });
  setNoDelay(client);

  let isConnected = false;
  let stopping = false;
  let powered = true;
  let reconnectTimer: NodeJS.Timeout | undefined;
  let inFlight = 0;
  let abandoned = false;
  let idleWaiters: (() => void)[] = [];
  let commandHandler: ((command: CommandMessage) => void) | undefined;
  const commandsWaiting: CommandMessage[] = [];
  let settingsHandler: ((message: SettingsMessage) => void) | undefined;
  let settingsWaiting: SettingsMessage | undefined;
  let settingsReport: ReportedSettings | undefined;
  const publishSettingsReport = (): void => {
    if (settingsReport !== undefined) client.publish(reportedTopic, JSON.stringify(settingsReport), { qos: 1 }, () => undefined);
  };
  // Set while the first connection attempt is pending: connection trouble then fails the start.
  let failStart: ((reason: string, cause?: unknown) => void) | undefined;

  const scheduleReconnect = (delayMs: number): void => {
    if (reconnectTimer || stopping || !powered) return;
    reconnectTimer = setTimeout(() => {
      reconnectTimer = undefined;
      if (stopping || !powered || client.connected) return;
      counters.reconnects++;
      // Keep the stores: the messages in flight are resent once connected.
      client.reconnect({ incomingStore: client.incomingStore, outgoingStore: client.outgoingStore });
    }, delayMs);
  };
  const dropSocket = (): void => {
    client.stream?.destroy();
  };

  client.on('connect', (connack: IConnackPacket) => {
    setNoDelay(client);
    options.backoff.reset();
    if (!isConnected) counters.connected++;
    isConnected = true;
    tap?.(device.id, 'status', statusPayloads.online);
    client.publish(statusTopic, statusPayloads.online, { qos: 1, retain: true }, (error) => {
      if (error && !stopping) onEvent({ type: 'error', deviceId: device.id, error });
    });
    // The broker lost the session (restarted, or it never had one): subscribe again.
    if (!failStart && !connack.sessionPresent) client.subscribe(listened, { qos: 1 });
    publishSettingsReport(); // what it runs with now: a restart may have lost what it applied
    onEvent({ type: 'connected', deviceId: device.id });
  });
  client.on('close', () => {
    if (failStart) return failStart('the connection closed before the broker accepted it');
    if (isConnected) {
      isConnected = false;
      counters.connected--;
      if (!stopping && powered) onEvent({ type: 'disconnected', deviceId: device.id }); // a power cut is the drill's doing
    }
    scheduleReconnect(options.backoff.next());
  });
  client.on('error', (error) => {
    if (failStart) failStart(error.message, error);
    else if (!stopping) onEvent({ type: 'error', deviceId: device.id, error });
  });
  client.on('message', (topic, payload) => {
    if (topic === commandsTopic) {
      const command = parseCommand(payload.toString('utf8'));
      if (command === undefined) return; // not a command (e.g. the credentials sent to a device in discovery mode)
      if (commandHandler) commandHandler(command);
      else commandsWaiting.push(command);
      return;
    }
    if (topic === settingsTopic) {
      const message = parseSettingsMessage(payload.toString('utf8'));
      if (message === undefined) return;
      if (settingsHandler) settingsHandler(message);
      else settingsWaiting = message; // only the newest desired state matters
      return;
    }
    if (topic !== errorsTopic) return;
    counters.rejected++;
    const text = payload.toString('utf8');
    onEvent({ type: 'rejected', deviceId: device.id, notice: parseNotice(text), payload: text });
  });

  const settleOne = (error: Error | undefined | null): boolean => {
    if (abandoned) return false;
    inFlight--;
    if (error) counters.failed++;
    else counters.acknowledged++;
    if (inFlight === 0) {
      const waiters = idleWaiters;
      idleWaiters = [];
      for (const wake of waiters) wake();
    }
    return !error;
  };
  const whenIdle = (): Promise<void> => (inFlight === 0 ? Promise.resolve() : new Promise<void>((resolve) => idleWaiters.push(resolve)));
  const closeNow = async (): Promise<void> => {
    abandoned = true;
    counters.failed += inFlight;
    inFlight = 0;
    await client.endAsync(true);
  };

  const link: DeviceLink = {
    device,
    get powered() {
      return powered;
    },
    get inFlight() {
      return inFlight;
    },
    onCommand(handler) {
      commandHandler = handler;
      for (const command of commandsWaiting.splice(0)) handler(command);
    },
    answerCommand(result) {
      const answer = () => client.publish(resultTopic, JSON.stringify(result), { qos: 1 }, () => undefined);
      if (client.connected) answer();
      else if (!stopping) client.once('connect', answer);
    },
    onSettings(handler) {
      settingsHandler = handler;
      const waiting = settingsWaiting;
      settingsWaiting = undefined;
      if (waiting) handler(waiting);
    },
    reportSettings(report) {
      settingsReport = report;
      if (client.connected) publishSettingsReport(); // otherwise on the next connect
    },
    publishTelemetry(payload, onSettled) {
      // QoS 0 is not kept while disconnected; QoS 1 waits in the client's store, up to the buffer size.
      if (stopping || !powered || (!client.connected && (options.qos === 0 || inFlight >= options.maxBufferedMessages))) {
        counters.failed++;
        onSettled?.(false);
        return;
      }
      counters.sent++;
      inFlight++;
      tap?.(device.id, 'telemetry', payload);
      client.publish(telemetryTopic, payload, { qos: options.qos }, (error) => {
        const acknowledged = settleOne(error);
        onSettled?.(acknowledged);
      });
    },
    powerCut() {
      if (!powered || stopping) return;
      powered = false;
      clearTimeout(reconnectTimer);
      reconnectTimer = undefined;
      tap?.(device.id, 'status', statusPayloads.offline); // what the broker publishes as the last will
      dropSocket();
    },
    powerOn(bootDelayMs) {
      if (powered || stopping) return;
      powered = true;
      options.backoff.reset();
      scheduleReconnect(bootDelayMs);
    },
    dropConnection() {
      if (client.connected && !stopping) dropSocket();
    },
    async idle(timeoutMs) {
      await withinMs(whenIdle(), timeoutMs);
    },
    async stop(giveUp) {
      stopping = true;
      clearTimeout(reconnectTimer);
      if (!client.connected || !powered) return closeNow();
      tap?.(device.id, 'status', statusPayloads.offline);
      const goodbye = client.publishAsync(statusTopic, statusPayloads.offline, { qos: 1, retain: true }).catch(() => undefined);
      if (!(await settlesBefore(Promise.all([goodbye, whenIdle()]), giveUp))) return closeNow();
      await client.endAsync();
    },
    destroy() {
      stopping = true;
      abandoned = true;
      clearTimeout(reconnectTimer);
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
      client.subscribe(listened, { qos: 1 }, (error, granted) => {
        if (!failStart) return; // aborted meanwhile
        if (error) return failStart(`subscribing to ${listened.join(' and ')} failed: ${error.message}`, error);
        finishStart();
        // [MQTT-3.9.3-2] 0x80 in a SUBACK means the broker refused the subscription.
        if (granted?.some((grant) => grant.qos === 128)) {
          onEvent({ type: 'error', deviceId: device.id, error: new Error(`the broker refused a subscription to ${listened.join(' or ')}`) });
        }
        resolve(link);
      });
    });
    if (options.signal?.aborted) return onAbort();
    options.signal?.addEventListener('abort', onAbort, { once: true });
  });
}

/** mqtt.js leaves Nagle's algorithm on, which adds ~20 ms to small publishes (docs/architecture.md, decisions); TLS sockets are net.Sockets too. */
function setNoDelay(client: MqttClient): void {
  const stream: unknown = client.stream;
  if (stream instanceof net.Socket) stream.setNoDelay(true);
}
