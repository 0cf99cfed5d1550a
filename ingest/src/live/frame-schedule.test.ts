import { afterEach, describe, expect, it, vi } from 'vitest';
import { FrameSchedule } from './frame-schedule';

const schedules: FrameSchedule[] = [];
afterEach(() => {
  for (const schedule of schedules.splice(0)) schedule.stop();
});

/** A schedule whose regular interval never comes during a test, recording when it cut frames. */
function recorded(urgentGapMs: number) {
  const cuts: number[] = [];
  const schedule = new FrameSchedule(600_000, urgentGapMs, () => cuts.push(performance.now()));
  schedules.push(schedule);
  return { schedule, cuts };
}

describe('FrameSchedule', () => {
  it('cuts a frame soon after it is asked, without waiting for the interval, once for several asks', async () => {
    const { schedule, cuts } = recorded(50);
    schedule.start();
    schedule.soon();
    schedule.soon();
    schedule.soon();
    await vi.waitFor(() => expect(cuts).toHaveLength(1), { timeout: 2_000 });
    await new Promise((resolve) => setTimeout(resolve, 100));
    expect(cuts).toHaveLength(1);
  });

  it('keeps early frames at least the urgent gap apart', async () => {
    const { schedule, cuts } = recorded(200);
    schedule.start();
    schedule.soon();
    await vi.waitFor(() => expect(cuts).toHaveLength(1), { timeout: 2_000 });
    schedule.soon();
    await vi.waitFor(() => expect(cuts).toHaveLength(2), { timeout: 2_000 });
    // Timers may fire up to a millisecond early by their rounding.
    expect(cuts[1]! - cuts[0]!).toBeGreaterThanOrEqual(199);
  });

  it('cuts nothing early while stopped, where whoever drives the frames decides', async () => {
    const { schedule, cuts } = recorded(0);
    schedule.soon();
    await new Promise((resolve) => setTimeout(resolve, 50));
    expect(cuts).toEqual([]);
  });

  it('starts the interval over after an early frame', async () => {
    const cuts: number[] = [];
    const schedule = new FrameSchedule(300, 0, () => cuts.push(performance.now()));
    schedules.push(schedule);
    schedule.start();
    await new Promise((resolve) => setTimeout(resolve, 150));
    const askedMs = performance.now();
    schedule.soon();
    await vi.waitFor(() => expect(cuts.filter((at) => at >= askedMs)).toHaveLength(2), { timeout: 2_000 });
    const [early, next] = cuts.filter((at) => at >= askedMs);
    // The regular frame after the early one comes a whole interval after it (timers may fire a millisecond early).
    expect(next! - early!).toBeGreaterThanOrEqual(299);
  });
});
