import type { DeviceMessage, RejectionRecord, RejectionSummary } from '@kendali/contracts';

/** One line of a device's live view: a message as it arrived, or a rejection from before the view opened. */
export interface MessageLogEntry {
  /** Stable key for React lists. */
  readonly key: string;
  /** ms epoch */
  readonly at: number;
  /** Payload text, or null for a rejection recorded before the view opened (the server keeps no payload). */
  readonly payload: string | null;
  readonly stored: number;
  readonly rejections: readonly RejectionSummary[];
  readonly skippedBefore: number;
}

export const messageLogLimit = 50;

let counter = 0;
const nextKey = (prefix: string) => `${prefix}-${++counter}`;

const sameRejection = (entry: MessageLogEntry, record: RejectionRecord) =>
  entry.at === record.at && entry.rejections.some((rejection) => rejection.code === record.code);

function trim(entries: MessageLogEntry[]): readonly MessageLogEntry[] {
  entries.sort((a, b) => b.at - a.at);
  return entries.length > messageLogLimit ? entries.slice(0, messageLogLimit) : entries;
}

/** Adds a message as it arrives; newest first, at most `messageLogLimit` kept. */
export function addMessage(log: readonly MessageLogEntry[], message: DeviceMessage): readonly MessageLogEntry[] {
  const entry: MessageLogEntry = {
    key: nextKey('m'),
    at: message.at,
    payload: message.payload,
    stored: message.stored,
    rejections: message.rejections,
    skippedBefore: message.skippedBefore,
  };
  return trim([entry, ...log]);
}

/**
 * Takes in the recent rejections a (re)opened stream sends first; the ones already in the log
 * (seen live before a reconnect) are not added twice.
 */
export function addRejectionHistory(log: readonly MessageLogEntry[], records: readonly RejectionRecord[]): readonly MessageLogEntry[] {
  const fresh = records.filter((record) => !log.some((entry) => sameRejection(entry, record)));
  if (fresh.length === 0) return log;
  const entries = fresh.map<MessageLogEntry>((record) => ({
    key: nextKey('r'),
    at: record.at,
    payload: null,
    stored: 0,
    rejections: [{ code: record.code, message: record.message }],
    skippedBefore: 0,
  }));
  return trim([...log, ...entries]);
}

export function isDeviceMessage(value: unknown): value is DeviceMessage {
  if (typeof value !== 'object' || value === null) return false;
  const m = value as Partial<Record<keyof DeviceMessage, unknown>>;
  return typeof m.at === 'number' && typeof m.payload === 'string' && typeof m.stored === 'number' && Array.isArray(m.rejections);
}

export function isRejectionList(value: unknown): value is RejectionRecord[] {
  return (
    Array.isArray(value) &&
    value.every((r: unknown) => typeof r === 'object' && r !== null && typeof (r as RejectionRecord).at === 'number' && typeof (r as RejectionRecord).code === 'string')
  );
}
