import type { Alarm } from '@kendali/contracts';
import { describe, expect, it } from 'vitest';
import { mergeAlarms, takeoverAlarms, visibleAlarms } from './live-alarms';

const now = 1_700_000_000_000;
const alarm = (id: string, over: Partial<Alarm> = {}): Alarm => ({
  id, key: id, ruleId: 'r', type: 'siaga', severity: 'minor', state: 'active', deviceId: 'wl-1', district: 'Periuk',
  title: { id: 'judul', en: 'title' }, detail: { id: '', en: '' }, value: null, threshold: null, raisedAt: now, updatedAt: now,
  acknowledgedAt: null, acknowledgedBy: null, ackComment: null, clearedAt: null, raiseCount: 1, shelvedUntil: null, shelvedBy: null, shelveReason: null, ...over,
});

describe('live alarms', () => {
  it('keeps changed alarms, drops cleared ones, and replaces everything on a snapshot', () => {
    let open = mergeAlarms(new Map(), [alarm('a'), alarm('b')], true);
    open = mergeAlarms(open, [alarm('a', { state: 'cleared' }), alarm('c')], false);
    expect([...open.keys()]).toEqual(['b', 'c']);
    expect([...mergeAlarms(open, [alarm('d')], true).keys()]).toEqual(['d']);
    expect(mergeAlarms(open, [], false)).toBe(open);
  });

  it('orders worst first and leaves shelved alarms out of the active views', () => {
    const open = mergeAlarms(new Map(), [alarm('minor'), alarm('crit', { severity: 'critical', raisedAt: now - 1 }), alarm('shelved', { severity: 'critical', shelvedUntil: now + 1_000 })], true);
    expect(visibleAlarms(open, now).map((a) => a.id)).toEqual(['crit', 'minor']);
    expect(visibleAlarms(open, now + 2_000).map((a) => a.id)).toEqual(['shelved', 'crit', 'minor']);
  });

  it('lets only unacknowledged critical alarms take over the wall', () => {
    const open = mergeAlarms(new Map(), [alarm('x', { severity: 'critical' }), alarm('y', { severity: 'critical', state: 'acknowledged' }), alarm('z', { severity: 'major' })], true);
    expect(takeoverAlarms(open, now).map((a) => a.id)).toEqual(['x']);
  });
});
