import type { SimulatedDevice } from '../fleet';

/**
 * A recording is JSON lines: one header, then one line per message in the order seen.
 *
 *   {"kendaliRecording":1,"startedAt":"2026-03-02T10:00:00.000Z","source":"fleet","devices":[…]}
 *   {"offsetMs":1234,"deviceId":"wl-pintu-air-10","channel":"telemetry","payload":"{\"ts\":…}"}
 */
export interface RecordingHeader {
  readonly kendaliRecording: 1;
  /** ISO 8601 time of offset 0. */
  readonly startedAt: string;
  /** `fleet`: what this simulator published; `observer`: the broker's live stream as an observer saw it. */
  readonly source: 'fleet' | 'observer';
  /** The devices, for registering them again before a replay (may be empty for an observer without --api). */
  readonly devices: readonly SimulatedDevice[];
}

export type RecordedChannel = 'telemetry' | 'status';

export interface RecordedMessage {
  /** ms after `startedAt`. */
  readonly offsetMs: number;
  readonly deviceId: string;
  readonly channel: RecordedChannel;
  readonly payload: string;
}

export function parseHeader(line: string): RecordingHeader {
  const value: unknown = JSON.parse(line);
  if (typeof value !== 'object' || value === null || !('kendaliRecording' in value) || value.kendaliRecording !== 1) {
    throw new Error('not a Kendali recording: the first line must be a header with "kendaliRecording": 1');
  }
  const header = value as RecordingHeader;
  if (Number.isNaN(Date.parse(header.startedAt))) throw new Error('the recording header has no valid "startedAt"');
  return { ...header, devices: Array.isArray(header.devices) ? header.devices : [] };
}

export function parseMessage(line: string, lineNumber: number): RecordedMessage {
  const value = JSON.parse(line) as Partial<RecordedMessage>;
  if (
    typeof value.offsetMs !== 'number' ||
    typeof value.deviceId !== 'string' ||
    (value.channel !== 'telemetry' && value.channel !== 'status') ||
    typeof value.payload !== 'string'
  ) {
    throw new Error(`recording line ${lineNumber} is not a message { offsetMs, deviceId, channel, payload }`);
  }
  return value as RecordedMessage;
}
