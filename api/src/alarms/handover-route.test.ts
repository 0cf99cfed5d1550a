import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { badung, manualClock, type HandoverReport } from '@kendali/contracts';
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

describe("a room in Badung keeps Bali's clock (WITA, UTC+8)", () => {
  // 09:00 WITA on 15 June 2026 = 01:00 UTC.
  const witaClock = manualClock(Date.parse('2026-06-15T01:00:00Z'));
  let bali: ApiUnderTest;
  let viewer: string;

  beforeAll(async () => {
    bali = await openApiUnderTest('handover-wita', { clock: witaClock, cities: [badung] });
    ({ authorization: viewer } = await bali.bearer('viewer'));
    await bali.core.registry.create('wl-tukad-badung', { kind: 'water-level', name: 'Tukad Badung', district: 'Kuta' });
  });

  afterAll(() => bali.close());

  it('starts the current shift at 07:00 WITA (23:00 UTC the day before) and names it in WITA', async () => {
    const response = await bali.app.inject({ url: '/api/alarms/handover?shift=current', headers: { authorization: viewer } });
    expect(response.statusCode, response.body).toBe(200);
    expect(response.json<HandoverReport>().shift).toEqual({ name: '07:00-14:00 WITA', from: Date.parse('2026-06-14T23:00:00Z'), to: Date.parse('2026-06-15T06:00:00Z') });
  });

  it('reads a `from` without a zone as WITA, and says so when it cannot', async () => {
    const url = '/api/telemetry?device=wl-tukad-badung&field=waterLevelCm&from=2026-06-15T08:00&to=2026-06-15T01:00:00Z';
    const response = await bali.app.inject({ url, headers: { authorization: viewer } });
    expect(response.statusCode, response.body).toBe(200);
    expect(response.json<{ from: number }>().from).toBe(Date.parse('2026-06-15T00:00:00Z')); // 08:00 WITA
    const refused = await bali.app.inject({ url: '/api/telemetry?device=wl-tukad-badung&field=waterLevelCm&from=yesterday', headers: { authorization: viewer } });
    expect(refused.json<{ error: { message: string } }>().error.message).toContain("without a zone, the city's zone: WITA");
  });
});
