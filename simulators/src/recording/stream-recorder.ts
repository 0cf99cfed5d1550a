import { createWriteStream } from 'node:fs';
import { once } from 'node:events';
import { systemClock, type Clock } from '@kendali/contracts';
import type { RecordedChannel, RecordingHeader } from './recording-format';

export interface StreamRecorder {
  /** Appends one message, stamped with the time since the recording started. */
  record(deviceId: string, channel: RecordedChannel, payload: string): void;
  readonly messages: number;
  /** Flushes and closes the file. */
  close(): Promise<void>;
}

/** Opens `file` (replacing it) and writes the header; messages follow as JSON lines stamped by `clock` (default the machine's). */
export async function openRecorder(file: string, header: Omit<RecordingHeader, 'kendaliRecording' | 'startedAt'>, clock: Clock = systemClock): Promise<StreamRecorder> {
  const out = createWriteStream(file, { encoding: 'utf8' });
  await once(out, 'open');
  const startedMs = clock.now();
  const fullHeader: RecordingHeader = { kendaliRecording: 1, startedAt: new Date(startedMs).toISOString(), ...header };
  out.write(JSON.stringify(fullHeader) + '\n');
  let messages = 0;
  let closing: Promise<void> | undefined;
  return {
    record(deviceId, channel, payload) {
      if (closing) return;
      messages++;
      out.write(JSON.stringify({ offsetMs: clock.now() - startedMs, deviceId, channel, payload }) + '\n');
    },
    get messages() {
      return messages;
    },
    close() {
      closing ??= new Promise<void>((resolve, reject) => {
        out.once('error', reject);
        out.end(() => resolve());
      });
      return closing;
    },
  };
}
