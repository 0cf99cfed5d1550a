import { describe, expect, it } from 'vitest';
import { defaultDimmingSchedule, parseDimmingSchedule, scheduledLevel } from './dimming-schedule';

describe('dimming schedule', () => {
  const schedule = [
    { from: '18:00', level: 1 },
    { from: '22:30', level: 0.4 },
    { from: '05:00', level: 0.8 },
  ];

  it('runs each level from its time until the next, the last one past midnight into the first', () => {
    expect(scheduledLevel(schedule, 18)).toBe(1);
    expect(scheduledLevel(schedule, 22.25)).toBe(1);
    expect(scheduledLevel(schedule, 22.5)).toBe(0.4);
    expect(scheduledLevel(schedule, 2)).toBe(0.4);
    expect(scheduledLevel(schedule, 5)).toBe(0.8);
    expect(scheduledLevel(schedule, 17.99)).toBe(0.8);
  });

  it('the default dims to 0.6 from 23:00 until 04:30', () => {
    expect(scheduledLevel(defaultDimmingSchedule, 22.9)).toBe(1);
    expect(scheduledLevel(defaultDimmingSchedule, 23)).toBe(0.6);
    expect(scheduledLevel(defaultDimmingSchedule, 4.49)).toBe(0.6);
    expect(scheduledLevel(defaultDimmingSchedule, 4.5)).toBe(1);
  });

  it('takes only schedules the setting allows', () => {
    expect(parseDimmingSchedule(schedule)).toEqual(schedule);
    expect(parseDimmingSchedule([])).toBeUndefined();
    expect(parseDimmingSchedule([{ from: '24:00', level: 1 }])).toBeUndefined();
    expect(parseDimmingSchedule([{ from: '18:00', level: 1.5 }])).toBeUndefined();
    expect(parseDimmingSchedule([{ from: '18:00', level: 1, colour: 'warm' }])).toBeUndefined();
    expect(parseDimmingSchedule(Array.from({ length: 9 }, () => ({ from: '18:00', level: 1 })))).toBeUndefined();
    expect(parseDimmingSchedule({ from: '18:00', level: 1 })).toBeUndefined();
  });
});
