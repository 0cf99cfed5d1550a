import { describe, expect, it } from 'vitest';
import type { FieldSpec } from '@kendali/contracts';
import { stateHistory } from './state-history';

const status: FieldSpec = { type: 'string', values: ['ok', 'degraded', 'down'], valueLabels: { down: { id: 'Mati', en: 'Down' } }, description: 'health' };

describe('stateHistory', () => {
  it('places each point among the field values and lists the changes with their labels in the language asked', () => {
    const points = [
      { t: 0, value: 'ok' },
      { t: 60, value: 'ok' },
      { t: 120, value: 'down' },
      { t: 180, value: 'degraded' },
      { t: 240, value: null },
      { t: 300, value: 'degraded' },
    ];
    expect(stateHistory(status, points, 'id')).toEqual({
      states: ['ok', 'degraded', 'down'],
      points: [
        { t: 0, level: 0 },
        { t: 60, level: 0 },
        { t: 120, level: 2 },
        { t: 180, level: 1 },
        { t: 300, level: 1 },
      ],
      changes: [
        { t: 0, value: 'ok', label: 'ok' },
        { t: 120, value: 'down', label: 'Mati' },
        { t: 180, value: 'degraded', label: 'degraded' },
      ],
    });
    expect(stateHistory(status, points, 'en').changes[1]?.label).toBe('Down');
  });

  it('keeps a value the profile no longer lists on a place of its own above the listed ones', () => {
    const history = stateHistory(status, [{ t: 0, value: 'rebooting' }, { t: 60, value: 'ok' }], 'en');
    expect(history.states).toEqual(['ok', 'degraded', 'down', 'rebooting']);
    expect(history.points).toEqual([{ t: 0, level: 3 }, { t: 60, level: 0 }]);
  });
});
