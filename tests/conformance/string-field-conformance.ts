import { describe, expect, it } from 'vitest';
import { compileProfile, type DeviceKindSpec, type DeviceProfile, type FieldValue, type KindLookup, type Reading } from '@kendali/contracts';
import { ChangingKinds } from '@kendali/test-support';
import type { StoreUnderTest } from './telemetry-store-conformance';

// 2026-03-10 10:00 WIB, on an hour boundary: nothing here depends on today's date.
const base = Date.parse('2026-03-10T03:00:00Z');
const minuteMs = 60_000;
const hourMs = 3_600_000;
const window = { fromMs: base, toMs: base + 2 * hourMs, limit: 100 } as const;

/** A value with what line protocol and SQL quote or escape: spaces, commas, `=`, double quotes, a backslash. */
const awkward = 'needs "service", a=b \\ now';

type ProfileFields = DeviceProfile['fields'];

/** A CCTV camera kind defined at run time: its health as a string field, beside its frame rate. */
const cctv = (version: number, fields: ProfileFields = {}): DeviceKindSpec =>
  compileProfile('cctv', {
    labels: { id: 'CCTV', en: 'CCTV' },
    intervalS: 60,
    fields: { status: { type: 'string', values: ['ok', 'degraded', 'down', awkward], required: true }, fps: { type: 'number', min: 0, max: 120 }, ...fields },
  }, version);

const camera = (minute: number, fields: Record<string, FieldValue>, deviceId = 'cam-1'): Reading => ({
  deviceId, kind: 'cctv', district: 'Cipondoh', ts: base + minute * minuteMs, receivedAt: base + minute * minuteMs, fields,
});

/**
 * The string (enumeration) field part of the `TelemetryStore` contract: values stored and read back
 * as sent every way, `last` and `count` per bucket (a string has no mean, minimum or maximum: those
 * answer no points), and profile versions that change such a field.
 */
export function stringFieldConformance(openStore: (kinds?: KindLookup) => Promise<StoreUnderTest>): void {
  describe('string fields', () => {
    const withCameras = async (spec = cctv(1)) => {
      const kinds = new ChangingKinds();
      const one = await openStore(kinds);
      await kinds.put(one.store, spec);
      return { ...one, kinds };
    };

    it('reads a string field back as sent: raw, as the last and the count of each bucket, in pages and as the latest', async () => {
      const { store, settled } = await withCameras();
      await store.append([
        camera(0, { status: 'ok', fps: 25 }),
        camera(1, { status: 'degraded', fps: 12 }),
        camera(2, { status: awkward, fps: 0 }),
        camera(61, { status: 'down' }),
        camera(0, { status: 'down', fps: 0 }, 'cam-2'),
      ]);
      await settled();
      const history = (overrides: Partial<Parameters<typeof store.history>[0]>) => store.history({ ...window, deviceId: 'cam-1', kind: 'cctv', field: 'status', fn: 'last', ...overrides });
      expect(await history({})).toEqual([
        { t: base, value: 'ok' },
        { t: base + minuteMs, value: 'degraded' },
        { t: base + 2 * minuteMs, value: awkward },
        { t: base + 61 * minuteMs, value: 'down' },
      ]);
      expect(await history({ everyMs: hourMs })).toEqual([{ t: base, value: awkward }, { t: base + hourMs, value: 'down' }]);
      expect(await history({ everyMs: hourMs, fn: 'count' })).toEqual([{ t: base, value: 3 }, { t: base + hourMs, value: 1 }]);
      for (const fn of ['mean', 'min', 'max'] as const) expect(await history({ everyMs: hourMs, fn }), fn).toEqual([]);

      const across = await store.historyAcross({ ...window, kind: 'cctv', deviceIds: ['cam-1', 'cam-2'], fields: ['status', 'fps'], fns: ['last', 'count', 'mean'], groupBy: 'kind', everyMs: hourMs });
      expect(across.series.map((series) => [series.field, series.fn, series.points])).toEqual([
        ['status', 'last', [{ t: base, value: awkward }, { t: base + hourMs, value: 'down' }]],
        ['status', 'count', [{ t: base, value: 4 }, { t: base + hourMs, value: 1 }]],
        ['fps', 'last', [{ t: base, value: 0 }]],
        ['fps', 'count', [{ t: base, value: 4 }]],
        ['fps', 'mean', [{ t: base, value: 9.25 }]],
      ]);

      const pages: Reading[] = [];
      for await (const page of store.readings({ ...window, kind: 'cctv', deviceIds: ['cam-1', 'cam-2'], pageSize: 2 })) pages.push(...page);
      expect(pages.map((reading) => [reading.deviceId, (reading.ts - base) / minuteMs, reading.fields])).toEqual([
        ['cam-1', 0, { status: 'ok', fps: 25 }],
        ['cam-2', 0, { status: 'down', fps: 0 }],
        ['cam-1', 1, { status: 'degraded', fps: 12 }],
        ['cam-1', 2, { status: awkward, fps: 0 }],
        ['cam-1', 61, { status: 'down' }],
      ]);
      if (store.readingColumns !== undefined) {
        const statuses: (FieldValue | null)[] = [];
        for await (const page of store.readingColumns({ ...window, kind: 'cctv', deviceIds: ['cam-1'], pageSize: 10, fields: ['status'] })) statuses.push(...(page.fields[0] ?? []));
        expect(statuses).toEqual(['ok', 'degraded', awkward, 'down']);
      }
      const latest = await store.latestPerDevice();
      expect(latest.filter((reading) => reading.kind === 'cctv').map((reading) => [reading.deviceId, reading.fields.status]).sort()).toEqual([
        ['cam-1', 'down'],
        ['cam-2', 'down'],
      ]);
    });

    it('adds a string field to a kind holding readings, and takes a version listing other values, keeping readings of a value no longer listed', async () => {
      const kinds = new ChangingKinds();
      const { store, settled } = await openStore(kinds);
      const noStatus = compileProfile('cctv', { labels: { id: 'CCTV', en: 'CCTV' }, intervalS: 60, fields: { fps: { type: 'number' } } }, 1);
      await kinds.put(store, noStatus);
      await store.append([camera(0, { fps: 25 })]);
      await settled();
      const values = (list: string[]) => compileProfile('cctv', { labels: { id: 'CCTV', en: 'CCTV' }, intervalS: 60, fields: { fps: { type: 'number' }, status: { type: 'string', values: list } } }, 2);
      await kinds.put(store, values(['ok', 'offline']));
      await store.append([camera(1, { fps: 24, status: 'offline' })]);
      await settled();
      // `offline` leaves the list, `degraded` joins it: the reading stored with `offline` stays as it was sent.
      await kinds.put(store, values(['ok', 'degraded']));
      await store.append([camera(2, { fps: 10, status: 'degraded' })]);
      await settled();
      expect(await store.history({ ...window, deviceId: 'cam-1', kind: 'cctv', field: 'status', fn: 'last' })).toEqual([
        { t: base + minuteMs, value: 'offline' },
        { t: base + 2 * minuteMs, value: 'degraded' },
      ]);
      expect((await store.history({ ...window, deviceId: 'cam-1', kind: 'cctv', field: 'fps', fn: 'count', everyMs: hourMs }))).toEqual([{ t: base, value: 3 }]);
    });

    it('refuses to turn a field holding readings from a number into a string or back, naming it, and changes nothing', async () => {
      const { store, settled, kinds } = await withCameras();
      await store.append([camera(0, { status: 'ok', fps: 25 })]);
      await settled();
      await expect(store.prepareKind(cctv(2, { fps: { type: 'string', values: ['25'] } }), kinds.spec('cctv'))).rejects.toMatchObject({
        code: 'KENDALI_ERR_PROFILE_CONFLICT',
        message: expect.stringMatching(/"fps" cannot change from number to string/),
      });
      await expect(store.prepareKind(cctv(2, { status: { type: 'integer' } }), kinds.spec('cctv'))).rejects.toMatchObject({
        code: 'KENDALI_ERR_PROFILE_CONFLICT',
        message: expect.stringMatching(/"status" cannot change from string to integer/),
      });
      await store.append([camera(1, { status: 'down', fps: 0 })]);
      await settled();
      expect((await store.history({ ...window, deviceId: 'cam-1', kind: 'cctv', field: 'status', fn: 'last' })).map((point) => point.value)).toEqual(['ok', 'down']);
      expect((await store.history({ ...window, deviceId: 'cam-1', kind: 'cctv', field: 'fps', fn: 'last' })).map((point) => point.value)).toEqual([25, 0]);
    });
  });
}
