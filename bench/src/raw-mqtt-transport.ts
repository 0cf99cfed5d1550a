import { connect, type Socket } from 'node:net';
import type { DeviceLogin, PublishTransport } from './publish-transport';

// MQTT 3.1.1 control packet types, high nibble of the fixed header [MQTT-2.2.1].
const connectType = 0x10;
const connackType = 0x20;
const publishType = 0x30;
const pubackType = 0x40;
const disconnectPacket = Buffer.from([0xe0, 0x00]);
const qos1Flag = 0x02; // [MQTT-3.3.1-4] QoS in bits 1-2 of the PUBLISH fixed header

/** Variable Byte Integer of a remaining length [MQTT-2.2.3]. */
function remainingLength(length: number): number[] {
  const bytes: number[] = [];
  do {
    let byte = length % 128;
    length = Math.floor(length / 128);
    if (length > 0) byte |= 0x80;
    bytes.push(byte);
  } while (length > 0);
  return bytes;
}

const utf8Field = (text: string) => {
  const bytes = Buffer.from(text, 'utf8');
  const field = Buffer.alloc(2 + bytes.length);
  field.writeUInt16BE(bytes.length, 0);
  bytes.copy(field, 2);
  return field;
};

/**
 * A minimal MQTT 3.1.1 publisher straight on a socket: encodes each PUBLISH into one buffer and
 * reads only CONNACK and PUBACK. It costs the load generator a fraction of what mqtt.js does, so
 * on a two-core machine more of the CPU is left for the broker being measured. `onTcpConnected`
 * hears the end of the TCP handshake, before the CONNACK.
 */
export async function connectRaw(url: string, login: DeviceLogin, topic: string, onTcpConnected?: () => void): Promise<PublishTransport> {
  const { clientId, password } = login;
  const { hostname, port } = new URL(url);
  const socket: Socket = connect({ host: hostname, port: Number(port || 1883), noDelay: true });
  if (onTcpConnected) socket.once('connect', onTcpConnected);
  const topicField = utf8Field(topic);
  const pending = new Map<number, (error?: Error) => void>();
  let nextId = 0;
  let connected = false;
  let inbound: Buffer = Buffer.alloc(0);

  const closed = new Promise<void>((resolve) => socket.once('close', () => resolve()));
  const connack = new Promise<void>((resolve, reject) => {
    socket.once('error', reject);
    void closed.then(() => reject(new Error(`${clientId}: connection closed before CONNACK`)));
    socket.on('data', (chunk: Buffer) => {
      inbound = inbound.length === 0 ? chunk : Buffer.concat([inbound, chunk]);
      let offset = 0;
      while (inbound.length - offset >= 2) {
        let length = 0;
        let multiplier = 1;
        let cursor = offset + 1;
        for (; cursor < inbound.length; cursor++) {
          const byte = inbound[cursor] as number;
          length += (byte & 0x7f) * multiplier;
          multiplier *= 128;
          if ((byte & 0x80) === 0) break;
        }
        if (cursor >= inbound.length || inbound.length < cursor + 1 + length) break; // incomplete
        const type = (inbound[offset] as number) & 0xf0;
        const body = cursor + 1;
        if (type === pubackType) {
          const id = inbound.readUInt16BE(body);
          const onAck = pending.get(id);
          pending.delete(id);
          onAck?.();
        } else if (type === connackType) {
          const code = inbound[body + 1];
          if (code === 0) {
            connected = true;
            resolve();
          } else reject(new Error(`${clientId}: CONNACK refused with return code ${code}`));
        }
        offset = body + length;
      }
      inbound = inbound.subarray(offset);
    });
  });
  socket.on('error', () => undefined); // a drop shows up as 'close', failing what is pending
  void closed.then(() => {
    connected = false;
    for (const onAck of pending.values()) onAck(new Error(`${clientId}: connection closed`));
    pending.clear();
  });

  // CONNECT: protocol name and level 4 [MQTT-3.1.2-1, -2]; flags username, password, clean session
  // [MQTT-3.1.2-3]; keep-alive 0, off [MQTT-3.1.2-10]; payload client id, username, password [MQTT-3.1.3-1].
  const variable = Buffer.from([0x00, 0x04, 0x4d, 0x51, 0x54, 0x54, 0x04, 0xc2, 0x00, 0x00]);
  const payload = Buffer.concat([utf8Field(clientId), utf8Field(clientId), utf8Field(password)]);
  socket.write(Buffer.concat([Buffer.from([connectType, ...remainingLength(variable.length + payload.length)]), variable, payload]));
  await connack;

  return {
    socket,
    get connected() {
      return connected;
    },
    publish(payload, qos, onAck) {
      const payloadBytes = Buffer.byteLength(payload);
      const length = topicField.length + (qos === 1 ? 2 : 0) + payloadBytes;
      const header = remainingLength(length);
      const packet = Buffer.allocUnsafe(1 + header.length + length);
      packet[0] = publishType | (qos === 1 ? qos1Flag : 0);
      let offset = 1;
      for (const byte of header) packet[offset++] = byte;
      offset += topicField.copy(packet, offset);
      if (qos === 1) {
        do nextId = (nextId % 0xffff) + 1; // packet identifiers are 1-65535 [MQTT-2.3.1-1]
        while (pending.has(nextId));
        pending.set(nextId, onAck ?? (() => undefined));
        offset = packet.writeUInt16BE(nextId, offset);
      }
      packet.write(payload, offset, 'utf8');
      socket.write(packet);
    },
    async end(force) {
      if (force || socket.destroyed) socket.destroy();
      else socket.end(disconnectPacket);
      await closed;
    },
  };
}
