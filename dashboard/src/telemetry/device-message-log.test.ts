import { describe, expect, it } from 'vitest';
import type { DeviceMessage, RejectionRecord } from '@kendali/contracts';
import { addMessage, addRejectionHistory, isDeviceMessage, isRejectionList, messageLogLimit } from './device-message-log';

const t0 = Date.UTC(2025, 10, 22, 3, 0, 0);

const message = (at: number, over: Partial<DeviceMessage> = {}): DeviceMessage => ({
  deviceId: 'wl-1',
  topic: 'kendali/v1/devices/wl-1/telemetry',
  at,
  payload: '{"waterLevelCm": 212.5}',
  stored: 1,
  rejections: [],
  skippedBefore: 0,
  ...over,
});

const rejection = (at: number, code = 'KENDALI_ERR_FIELD_TYPE'): RejectionRecord => ({
  deviceId: 'wl-1',
  topic: 'kendali/v1/devices/wl-1/telemetry',
  code,
  message: 'waterLevelCm must be a number',
  at,
});

describe('device message log', () => {
  it('keeps the newest first and at most the limit', () => {
    let log = addMessage([], message(t0));
    log = addMessage(log, message(t0 + 1_000, { payload: '{"waterLevelCm": 213}' }));
    expect(log.map((e) => e.payload)).toEqual(['{"waterLevelCm": 213}', '{"waterLevelCm": 212.5}']);
    for (let i = 0; i < messageLogLimit + 10; i++) log = addMessage(log, message(t0 + 2_000 + i));
    expect(log).toHaveLength(messageLogLimit);
    expect(log[0]?.at).toBe(t0 + 2_000 + messageLogLimit + 9);
  });

  it('places earlier rejections by time, without a payload', () => {
    const log = addRejectionHistory(addMessage([], message(t0)), [rejection(t0 - 5_000), rejection(t0 - 9_000, 'KENDALI_ERR_FIELD_RANGE')]);
    expect(log.map((e) => [e.at, e.payload, e.rejections[0]?.code])).toEqual([
      [t0, '{"waterLevelCm": 212.5}', undefined],
      [t0 - 5_000, null, 'KENDALI_ERR_FIELD_TYPE'],
      [t0 - 9_000, null, 'KENDALI_ERR_FIELD_RANGE'],
    ]);
  });

  it('does not repeat a rejection already seen live when the stream reopens', () => {
    const seen = addMessage([], message(t0, { stored: 0, rejections: [{ code: 'KENDALI_ERR_FIELD_TYPE', message: 'x' }] }));
    expect(addRejectionHistory(seen, [rejection(t0)])).toBe(seen);
  });

  it('recognises the event shapes', () => {
    expect(isDeviceMessage(message(t0))).toBe(true);
    expect(isDeviceMessage({ at: t0 })).toBe(false);
    expect(isRejectionList([rejection(t0)])).toBe(true);
    expect(isRejectionList([{ at: 'now' }])).toBe(false);
  });
});
