import type { MqttClient } from 'mqtt';
import { alarmTopicPrefix, deviceTopic, type Clock, type CommandMessage, type RejectionNotice } from '@kendali/contracts';
import type { Rejection } from '../device-outbox';

/**
 * What Kendali sends devices and alarm followers through an external broker, as the embedded
 * broker's DeviceOutbox does: answers on errors topics, commands, retained settings, alarm changes.
 */
export class ExternalOutbox {
  constructor(
    private readonly client: MqttClient,
    /** Stamps the notices sent on a device's errors topic. */
    private readonly clock: Clock,
  ) {}

  /** Answers a rejected message on the device's errors topic (QoS 0: advisory, never retained). */
  reject(deviceId: string, topic: string, rejection: Rejection): void {
    const notice: RejectionNotice = { code: rejection.code, message: rejection.message, topic, at: new Date(this.clock.now()).toISOString() };
    this.client.publish(deviceTopic(deviceId, 'errors'), JSON.stringify(notice), { qos: 0 });
  }

  /**
   * Sends a command at QoS 1; resolves once the broker took it (its PUBACK). The broker keeps it for
   * a device's persistent session until the device takes it; a device's PUBACK to the broker is not
   * seen here, so the command stays `queued` until its result comes.
   */
  async command(deviceId: string, message: CommandMessage): Promise<'kept'> {
    await this.client.publishAsync(deviceTopic(deviceId, 'commands'), JSON.stringify(message), { qos: 1 });
    return 'kept';
  }

  /** Publishes a device's desired settings retained at QoS 1: the device gets the latest whenever it subscribes. */
  async settings(deviceId: string, message: object): Promise<void> {
    await this.client.publishAsync(deviceTopic(deviceId, 'settings'), JSON.stringify(message), { qos: 1, retain: true });
  }

  /** Removes a deleted device's retained settings: an empty retained payload clears the topic [MQTT-3.3.1-10]. */
  async clearSettings(deviceId: string): Promise<void> {
    await this.client.publishAsync(deviceTopic(deviceId, 'settings'), Buffer.alloc(0), { qos: 1, retain: true });
  }

  /** Announces an alarm change: retained while open, the retained copy removed once cleared. */
  alarm(alarmId: string, message: object, open: boolean): void {
    const topic = `${alarmTopicPrefix}/${alarmId}`;
    this.client.publish(topic, JSON.stringify(message), { qos: 1, retain: open });
    if (!open) this.client.publish(topic, Buffer.alloc(0), { qos: 1, retain: true });
  }
}
