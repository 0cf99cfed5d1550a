import type { AedesOptions } from 'aedes';
import type { CommandResultSink } from './command-result-sink';
import type { ConnectedIdentities } from './connected-identities';
import type { DeviceOutbox, Rejection } from './device-outbox';
import { BrokerError } from './errors';
import type { Qos2Receipts } from './qos2-receipts';
import type { SettingsReportSink } from './settings-report-sink';
import type { TelemetrySink } from './telemetry-sink';
import { checkPublishTopic } from './topic-acl';

export interface AuthorizePublishOptions {
  readonly sink: TelemetrySink;
  /** Takes the devices' answers to commands; absent = they are acknowledged and dropped. */
  readonly commandResults: CommandResultSink | undefined;
  /** Takes the devices' reports of the settings they applied; absent = they are acknowledged and dropped. */
  readonly settingsReports: SettingsReportSink | undefined;
  readonly identities: ConnectedIdentities;
  readonly outbox: DeviceOutbox;
  /** QoS 2 messages taken in and not yet released, so a copy sent again is not stored again. */
  readonly receipts: Qos2Receipts;
  /** A store failure withheld a PUBACK. */
  readonly storeFailed: (failure: { deviceId: string; error: Error }) => void;
}

type AuthorizePublishHook = NonNullable<AedesOptions['authorizePublish']>;

/**
 * Aedes' `authorizePublish` hook: the topic ACL, then the durability point. For QoS1 Aedes writes
 * the PUBACK right after this hook calls back, before `broker.publish` and the `published` hook
 * (Aedes 1.2 lib/handlers/publish.js), so telemetry is handed to ingest and the hook calls back
 * only once ingest says the reading is durable: a PUBACK means "stored".
 *
 * For QoS2 the PUBREC waits for `broker.publish`, so it means "stored" too; Aedes recognises a
 * copy sent again before the PUBREL only after this hook, so the hook asks `receipts` first and
 * does not hand a copy to ingest again [MQTT-4.3.3-2].
 *
 * An error here makes Aedes drop the connection, so the hook errs only for an ACL violation, for a
 * store failure (the PUBACK is withheld and the device sends the message again) and for a client
 * past its window of unreleased QoS2 messages. Bad content is acknowledged and answered on the
 * device's errors topic; the connection stays.
 */
export function authorizePublish({ sink, commandResults, settingsReports, identities, outbox, receipts, storeFailed }: AuthorizePublishOptions): AuthorizePublishHook {
  return (client, packet, callback) => {
    if (client === null) return callback(null); // a stored will Aedes publishes after its client is gone (aedes.js _clearWills)
    const identity = identities.forAcl(client);
    let topic;
    try {
      topic = checkPublishTopic(packet.topic, identity);
    } catch (error) {
      return callback(error as Error);
    }
    if (topic.channel === 'commands/result' && identity?.role !== 'pending' && commandResults !== undefined) {
      return acceptAnswer((payload) => commandResults.acceptResult(topic.deviceId, payload), topic.deviceId, packet.topic, packet.payload as Buffer, outbox, callback);
    }
    if (topic.channel === 'settings/reported' && identity?.role !== 'pending' && settingsReports !== undefined) {
      return acceptAnswer((payload) => settingsReports.acceptReport(topic.deviceId, payload), topic.deviceId, packet.topic, packet.payload as Buffer, outbox, callback);
    }
    if (topic.channel !== 'telemetry') return callback(null);
    const { deviceId } = topic;
    if (identity?.role === 'pending') {
      callback(null);
      outbox.reject(deviceId, packet.topic, { code: 'KENDALI_ERR_DEVICE_PENDING', message: `device "${deviceId}" awaits approval by an engineer; its readings are not stored yet` });
      return;
    }
    const accept = () => sink.acceptTelemetry(deviceId, packet.payload as Buffer);
    const accepting = packet.qos === 2 && packet.messageId !== undefined ? receipts.once(client.id, packet.messageId, accept) : accept();
    accepting.then(
      (outcome) => {
        callback(null);
        for (const rejection of outcome?.rejections ?? []) outbox.reject(deviceId, packet.topic, rejection);
      },
      (error: unknown) => {
        if (error instanceof BrokerError) return callback(error);
        const failure = error instanceof Error ? error : new Error(String(error));
        storeFailed({ deviceId, error: failure });
        callback(new BrokerError('KENDALI_ERR_STORE_FAILED', failure.message));
      },
    );
  };
}

/**
 * A device's answer (a command result, a settings report) is acknowledged once recorded; one the
 * sink refuses is acknowledged too and answered on the device's errors topic with the reason.
 */
function acceptAnswer(
  accept: (payload: Buffer) => Promise<Rejection | null>,
  deviceId: string,
  topic: string,
  payload: Buffer,
  outbox: DeviceOutbox,
  callback: (error: Error | null) => void,
): void {
  accept(payload).then(
    (rejection) => {
      callback(null);
      if (rejection !== null) outbox.reject(deviceId, topic, rejection);
    },
    (error: unknown) => callback(error instanceof Error ? error : new Error(String(error))), // not recorded: the device sends it again
  );
}
