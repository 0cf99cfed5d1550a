import type { Aedes } from 'aedes';
import { parseDeviceTopic } from '@kendali/contracts';

/**
 * Tells when a device took a command: Aedes emits `ack` with the original packet once the client's
 * PUBACK for a QoS1 delivery arrives (Aedes 1.2 lib/handlers/puback.js), whether it was sent at
 * once or kept in the device's session until it came back.
 */
export function routeCommandAcks(aedes: Aedes, taken: (delivery: { deviceId: string; commandId: string }) => void): void {
  aedes.on('ack', (packet) => {
    // For a QoS0 delivery there is no packet; a PUBREL (QoS2) carries no topic.
    if (packet === undefined || !('topic' in packet) || !packet.topic.endsWith('/commands')) return;
    const topic = parseDeviceTopic(packet.topic);
    if (topic?.channel !== 'commands') return;
    const commandId = commandIdOf(packet.payload);
    if (commandId !== undefined) taken({ deviceId: topic.deviceId, commandId });
  });
}

function commandIdOf(payload: string | Buffer): string | undefined {
  try {
    const message: unknown = JSON.parse(payload.toString());
    const id = typeof message === 'object' && message !== null ? (message as { id?: unknown }).id : undefined;
    return typeof id === 'string' ? id : undefined;
  } catch {
    return undefined; // not one of ours: the outbox only sends JSON
  }
}
