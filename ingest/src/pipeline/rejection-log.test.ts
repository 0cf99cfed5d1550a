import { describe, expect, it } from 'vitest';
import { reject } from '../rejection';
import { RejectionLog, rejectedRecordsKeptPerKind } from './rejection-log';

describe('the rejection log', () => {
  it("keeps each kind's newest refused records, newest first, the oldest giving way past its bound", () => {
    const log = new RejectionLog();
    const rejection = reject('KENDALI_ERR_FIELD_RANGE', 'air-quality: field "pm25" is 1500 µg/m³, outside 0 µg/m³ … 1000 µg/m³');
    const kept = rejectedRecordsKeptPerKind + 5;
    for (let at = 0; at < kept; at++) log.keepRecord('air-quality', { deviceId: 'aq-1', at, record: { pm25: 1500 }, rejection });
    log.keepRecord('water-level', { deviceId: 'wl-1', at: 7, record: { waterLevelCm: 'banjir' }, rejection: reject('KENDALI_ERR_FIELD_TYPE', 'water-level: field "waterLevelCm" must be number') });

    const newest = log.rejectedRecords('air-quality', Number.POSITIVE_INFINITY);
    expect(newest).toHaveLength(rejectedRecordsKeptPerKind);
    expect(newest[0]?.at).toBe(kept - 1);
    expect(newest.at(-1)?.at).toBe(5);
    expect(log.rejectedRecords('air-quality', 3).map((record) => record.at)).toEqual([kept - 1, kept - 2, kept - 3]);
    expect(log.rejectedRecords('water-level', 10)).toEqual([expect.objectContaining({ deviceId: 'wl-1', record: { waterLevelCm: 'banjir' } })]);
    expect(log.rejectedRecords('traffic', 10)).toEqual([]);
  });
});
