/**
 * Reads an `strace -f -yy -x` log and answers one question: did every QoS 1 PUBACK leave for the
 * device only after the reading it acknowledges was written to a durable file and that file was
 * synced? SIGKILL keeps the OS page cache, so only the order of system calls can tell a missing
 * fsync from a present one (a power cut would lose what sat in the cache).
 *
 * strace prints a call whole when nothing interleaves; otherwise its entry ends in
 * `<unfinished ...>` and its exit comes later as `<... name resumed>`. Line order is therefore
 * entry order for starts and exit order for ends, which is all the check needs.
 */

export interface TracedCall {
  readonly pid: number;
  readonly name: string;
  /** The fd's description from `-yy`: a path, or `TCP:[local->remote]`. */
  readonly target: string;
  /** Bytes read or written, for the calls that carry data (only `ret` of them counted). */
  readonly data: Buffer | undefined;
  readonly ret: number;
  /** Line of entry and line of exit (the same line for a call printed whole). */
  readonly startLine: number;
  readonly endLine: number;
}

const dataCalls = new Set(['read', 'write', 'writev', 'pwrite64', 'pwritev', 'sendmsg', 'recvfrom']);
// The fd's description may itself hold '->' (a socket's two ends).
const callHead = /^(\d+)\s+([a-z0-9_]+)\((\d+)<((?:->|[^>])*)>(.*)$/;
const resumed = /^(\d+)\s+<\.\.\. ([a-z0-9_]+) resumed>(.*)$/;
const result = /\)\s+=\s+(-?\d+)/;

/** Decodes the C escapes strace uses in strings (`\xNN`, `\n`, `\"`, octal, …). */
function decodeEscapes(text: string): Buffer {
  const bytes: number[] = [];
  const simple: Record<string, number> = { n: 10, r: 13, t: 9, v: 11, f: 12, a: 7, b: 8, '"': 34, '\\': 92, "'": 39 };
  for (let i = 0; i < text.length; i++) {
    const ch = text[i]!;
    if (ch !== '\\') {
      bytes.push(...Buffer.from(ch, 'latin1'));
      continue;
    }
    const next = text[++i]!;
    if (next === 'x') {
      bytes.push(parseInt(text.slice(i + 1, i + 3), 16));
      i += 2;
    } else if (/[0-7]/.test(next)) {
      const octal = /^[0-7]{1,3}/.exec(text.slice(i))![0];
      bytes.push(parseInt(octal, 8));
      i += octal.length - 1;
    } else {
      bytes.push(simple[next] ?? next.charCodeAt(0));
    }
  }
  return Buffer.from(bytes);
}

/** Every quoted string in an argument list, concatenated in order (writev's iovecs, read's buffer). */
function quotedData(args: string): Buffer {
  const parts: Buffer[] = [];
  const quoted = /"((?:[^"\\]|\\.)*)"/g;
  for (let match = quoted.exec(args); match; match = quoted.exec(args)) parts.push(decodeEscapes(match[1]!));
  return Buffer.concat(parts);
}

/** Parses the calls on file descriptors (those `-yy` annotated) from an strace log. */
export function parseTrace(log: string): TracedCall[] {
  const calls: TracedCall[] = [];
  const open = new Map<number, { name: string; target: string; startLine: number; text: string }>();
  const finish = (pid: number, name: string, target: string, startLine: number, endLine: number, text: string) => {
    const ret = Number(result.exec(text)?.[1] ?? -1);
    const data = dataCalls.has(name) && ret > 0 ? quotedData(text).subarray(0, ret) : undefined;
    calls.push({ pid, name, target, data, ret, startLine, endLine });
  };
  log.split('\n').forEach((line, index) => {
    const head = callHead.exec(line);
    if (head) {
      const [, pid, name, , target, rest] = head;
      if (rest!.endsWith('<unfinished ...>')) open.set(Number(pid), { name: name!, target: target!, startLine: index, text: rest! });
      else finish(Number(pid), name!, target!, index, index, rest!);
      return;
    }
    const tail = resumed.exec(line);
    if (tail) {
      const started = open.get(Number(tail[1]));
      if (!started || started.name !== tail[2]) return;
      open.delete(Number(tail[1]));
      finish(Number(tail[1]), started.name, started.target, started.startLine, index, started.text.replace('<unfinished ...>', '') + tail[3]);
    }
  });
  return calls;
}

interface MqttPacket {
  readonly type: number;
  readonly flags: number;
  readonly body: Buffer;
  /** Line of the call that delivered the packet's last byte. */
  readonly line: number;
}

/** Splits a socket's byte stream, call by call, into MQTT packets (MQTT 3.1.1 §2.2). */
function mqttPackets(chunks: readonly { data: Buffer; line: number }[]): MqttPacket[] {
  const packets: MqttPacket[] = [];
  let buffered = Buffer.alloc(0);
  for (const chunk of chunks) {
    buffered = Buffer.concat([buffered, chunk.data]);
    for (;;) {
      if (buffered.length < 2) break;
      let length = 0;
      let multiplier = 1;
      let offset = 1;
      let complete = false;
      while (offset < buffered.length && offset <= 4) {
        const byte = buffered[offset++]!;
        length += (byte & 0x7f) * multiplier;
        multiplier *= 128;
        if ((byte & 0x80) === 0) {
          complete = true;
          break;
        }
      }
      if (!complete || buffered.length < offset + length) break;
      packets.push({ type: buffered[0]! >> 4, flags: buffered[0]! & 0x0f, body: buffered.subarray(offset, offset + length), line: chunk.line });
      buffered = buffered.subarray(offset + length);
    }
  }
  return packets;
}

export interface DurabilityOrder {
  /** QoS 1 PUBLISH packets the device sent. */
  readonly published: number;
  /** PUBACKs the broker wrote back. */
  readonly acknowledged: number;
  /** Syncs of the durable file seen in the trace. */
  readonly syncs: number;
  /** One line per PUBACK that left before a write and a sync of the durable file covered its reading. */
  readonly violations: readonly string[];
}

/**
 * Checks, for the device connected from `clientPort`, that each PUBACK was written after a write to
 * a file matching `durableFile` and an fsync/fdatasync of it, both begun after the PUBLISH arrived
 * and ended before the PUBACK was sent.
 */
export function checkPubackOrder(calls: readonly TracedCall[], options: { clientPort: number; durableFile: RegExp }): DurabilityOrder {
  const socket = (call: TracedCall) => call.target.startsWith('TCP') && call.target.endsWith(`:${options.clientPort}]`);
  const inbound = calls.filter((c) => socket(c) && (c.name === 'read' || c.name === 'recvfrom') && c.data);
  const outbound = calls.filter((c) => socket(c) && c.name !== 'read' && c.name !== 'recvfrom' && c.data);
  const durable = calls.filter((c) => options.durableFile.test(c.target));
  const syncs = durable.filter((c) => (c.name === 'fsync' || c.name === 'fdatasync') && c.ret === 0);
  const writes = durable.filter((c) => c.data !== undefined);

  const publishes = mqttPackets(inbound.map((c) => ({ data: c.data!, line: c.endLine })))
    .filter((p) => p.type === 3 && ((p.flags >> 1) & 3) === 1)
    .map((p) => ({ id: p.body.readUInt16BE(2 + p.body.readUInt16BE(0)), line: p.line, acked: false }));
  const pubacks = mqttPackets(outbound.map((c) => ({ data: c.data!, line: c.startLine }))).filter((p) => p.type === 4);

  const violations: string[] = [];
  for (const puback of pubacks) {
    const id = puback.body.readUInt16BE(0);
    const publish = publishes.find((p) => !p.acked && p.id === id && p.line < puback.line);
    if (!publish) {
      violations.push(`PUBACK ${id} at line ${puback.line + 1} answers no PUBLISH received before it`);
      continue;
    }
    publish.acked = true;
    const synced = syncs.some(
      (sync) =>
        sync.startLine > publish.line &&
        sync.endLine < puback.line &&
        writes.some((write) => write.startLine > publish.line && write.endLine < sync.startLine),
    );
    if (!synced) violations.push(`PUBACK ${id} at line ${puback.line + 1} left before its reading (PUBLISH at line ${publish.line + 1}) was written and synced`);
  }
  return { published: publishes.length, acknowledged: pubacks.length, syncs: syncs.length, violations };
}
