import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { manualClock, type HandoverReport } from '@kendali/contracts';
import { openApiUnderTest, type ApiUnderTest } from '../testing/api-under-test';

/** An instant given as WIB wall-clock time (UTC+7). */
const wib = (iso: string) => Date.parse(`${iso}+07:00`);

const clock = manualClock(wib('2026-03-10T19:30'));
let api: ApiUnderTest;
let authorization: string;

beforeAll(async () => {
  api = await openApiUnderTest('handover', { clock });
  ({ authorization } = await api.bearer('operator'));
  await api.core.registry.create('wl-pintu-air-10', { kind: 'water-level', name: 'Pintu Air 10', district: 'Tangerang' });
});

afterAll(() => api.close());

const handover = async (shift: 'current' | 'previous'): Promise<HandoverReport> => {
  const response = await api.app.inject({ method: 'GET', url: `/api/alarms/handover?shift=${shift}`, headers: { authorization } });
  expect(response.statusCode, response.body).toBe(200);
  return response.json<HandoverReport>();
};

describe('GET /api/alarms/handover on the injected clock', () => {
  it("reports the shift of the platform's clock in WIB, also past midnight, whatever the machine's zone", async () => {
    // 19:30 WIB: Siaga 2 raised during the afternoon shift.
    await api.core.pipeline.acceptTelemetry('wl-pintu-air-10', Buffer.from('{"waterLevelCm": 420}'));
    const [alarm] = api.core.alarms.openAlarms();
    expect(alarm).toMatchObject({ severity: 'major', raisedAt: wib('2026-03-10T19:30') });

    // 02:00 WIB the next day: the night shift that began at 21:00, acknowledged in it.
    clock.set(wib('2026-03-11T02:00'));
    await api.core.alarms.acknowledge(alarm!.id, 'operator sari', 'petugas dikirim');

    await expect.poll(async () => (await handover('current')).counts.acknowledged).toBe(1);
    const current = await handover('current');
    expect(current.shift).toEqual({ name: '21:00-07:00 WIB', from: wib('2026-03-10T21:00'), to: wib('2026-03-11T07:00') });
    expect(current.counts.raised).toBe(0);
    expect(current.stillOpen.map((a) => a.id)).toEqual([alarm!.id]);
    expect(current.unacknowledged).toBe(0);

    const previous = await handover('previous');
    expect(previous.shift).toEqual({ name: '14:00-21:00 WIB', from: wib('2026-03-10T14:00'), to: wib('2026-03-10T21:00') });
    expect(previous.counts).toMatchObject({ raised: 1, acknowledged: 0 });
    expect(previous.events.map((e) => [e.type, e.at])).toEqual([['raised', wib('2026-03-10T19:30')]]);

    // 07:00 WIB sharp: the morning shift begins, the night shift becomes the one handed over.
    clock.set(wib('2026-03-11T07:00'));
    expect((await handover('current')).shift.name).toBe('07:00-14:00 WIB');
    expect((await handover('previous')).shift).toEqual(current.shift);
  });
});
