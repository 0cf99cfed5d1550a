import type { Aedes } from 'aedes';
import { parseDeviceTopic } from '@kendali/contracts';
import type { ConnectedIdentities } from './connected-identities';
import type { TelemetrySink } from './telemetry-sink';

const statusTopicSuffix = '/status';

/**
 * Hands every device status (online/offline) to the sink. It listens to Aedes' `publish` event
 * rather than `authorizePublish` so that last wills count too; a pending device's status is not
 * a registered device's, so it is left out.
 */
export function routeStatus(aedes: Aedes, identities: ConnectedIdentities, sink: TelemetrySink): void {
  aedes.on('publish', (packet, client) => {
    // Every telemetry message passes here too: a suffix test spares it a full topic parse.
    if (!packet.topic.endsWith(statusTopicSuffix)) return;
    const topic = parseDeviceTopic(packet.topic);
    if (topic?.channel !== 'status') return;
    const identity = client ? identities.of(client) : undefined;
    if (identity?.role === 'pending') return;
    sink.acceptStatus(topic.deviceId, packet.payload as Buffer);
  });
}
