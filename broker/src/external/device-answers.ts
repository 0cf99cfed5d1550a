import type { MqttClient } from 'mqtt';
import { parseDeviceTopic, topicPrefix } from '@kendali/contracts';
import type { CommandResultSink } from '../command-result-sink';
import type { SettingsReportSink } from '../settings-report-sink';
import { openSession, type SessionOptions } from './broker-session';
import type { Clock } from '@kendali/contracts';
import { ExternalOutbox } from './external-outbox';

/** The shared-subscription group of the api nodes: one of them takes each device answer [MQTT-4.8.2]. */
const shareGroup = 'kendali-api';
export const answerFilters = [`$share/${shareGroup}/${topicPrefix}/+/commands/result`, `$share/${shareGroup}/${topicPrefix}/+/settings/reported`] as const;

export interface DeviceAnswersOptions extends SessionOptions {
  readonly sessionExpirySeconds: number;
  readonly commandResults: CommandResultSink;
  readonly settingsReports: SettingsReportSink;
  /** Stamps the notices sent on a device's errors topic. */
  readonly clock: Clock;
  /** An answer could not be recorded: it was not acknowledged, and the broker sends it again. */
  readonly failed: (failure: { deviceId: string; error: Error }) => void;
}

/**
 * An api node's link to devices through an external broker. The devices' answers (command results
 * and settings reports) are taken by one api node each through a shared subscription with a
 * persistent session, and acknowledged once recorded, as the embedded broker does
 * (authorize-publish.ts); `outbox` sends commands, settings and alarms on the same connection.
 */
export class DeviceAnswers {
  readonly outbox: ExternalOutbox;

  private constructor(
    readonly client: MqttClient,
    clock: Clock,
  ) {
    this.outbox = new ExternalOutbox(client, clock);
  }

  static async connect(options: DeviceAnswersOptions): Promise<DeviceAnswers> {
    const client: MqttClient = await openSession(options, answerFilters, (packet, done) => {
      const topic = parseDeviceTopic(packet.topic);
      const payload = typeof packet.payload === 'string' ? Buffer.from(packet.payload) : packet.payload;
      const accept =
        topic?.channel === 'commands/result'
          ? options.commandResults.acceptResult(topic.deviceId, payload)
          : topic?.channel === 'settings/reported'
            ? options.settingsReports.acceptReport(topic.deviceId, payload)
            : undefined;
      if (topic === undefined || accept === undefined) return done();
      accept.then(
        (rejection) => {
          done();
          if (rejection !== null) new ExternalOutbox(client, options.clock).reject(topic.deviceId, packet.topic, rejection);
        },
        (error: unknown) => {
          const failure = error instanceof Error ? error : new Error(String(error));
          options.failed({ deviceId: topic.deviceId, error: failure });
          done(failure);
          client.stream.destroy(); // no PUBACK: the resumed session gets it again
        },
      );
    });
    return new DeviceAnswers(client, options.clock);
  }

  get connected(): boolean {
    return this.client.connected;
  }

  async close(): Promise<void> {
    await this.client.endAsync();
  }
}
