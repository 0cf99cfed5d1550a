import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { builtInKinds, manualClock, rejectionCodes, type DeviceKindSpec, type FieldSpec, type Reading } from '@kendali/contracts';
import { openCore, type Core } from './assemble';
import { defaultIngestOptions } from './ingest-options';
import type { Rejection } from './rejection';

/**
 * Fuzzes what a device may publish, through the assembled core (the pipeline, the alarm engine,
 * commands, settings) over a real DuckDB file. On its telemetry topic: random bytes, any JSON, objects made of a kind's own field names holding values of
 * every type and edge (huge, negative, non-finite-like text, unicode, nesting, `__proto__`),
 * batches of them, and SenML-like packs, for a device of every built-in kind. Whatever comes, the
 * pipeline settles; what it stores fits the kind (every field known, typed and in range, the time
 * within its limits); what it refuses carries a catalogued code and a reason an engineer can read;
 * nothing is dropped without a reason; and the store holds exactly what was reported stored. On its
 * commands/result and settings/reported topics, answers near and far from their shape settle to
 * recorded or to a readable reason.
 *
 * Seeded, so a run repeats: fast-check prints the seed and path of a failure. KENDALI_FUZZ_SEED and
 * KENDALI_FUZZ_RUNS explore further, e.g. KENDALI_FUZZ_SEED=$RANDOM.
 */
const seed = Number(process.env.KENDALI_FUZZ_SEED ?? 4_211);
const runs = Number(process.env.KENDALI_FUZZ_RUNS ?? 250);

const t0 = Date.UTC(2025, 10, 22, 3, 0, 0); // 10:00 WIB
const options = { ...defaultIngestOptions, clock: manualClock(t0), maxPayloadBytes: 8 * 1024, maxBatchLength: 20 };
const kinds = builtInKinds.all();
const deviceOf = (spec: DeviceKindSpec) => `fuzz-${spec.kind}`;

let dataDir: string;
let core: Core;
let reportedStored = 0;

beforeAll(async () => {
  dataDir = await mkdtemp(join(tmpdir(), 'kendali-fuzz-'));
  core = await openCore({ ...options, dataDir });
  core.commands.stop(); // no expiry while fuzzing: the clock stands still
  core.commands.deliverThrough(async () => 'kept');
  for (const spec of kinds) await core.registry.upsert(deviceOf(spec), { kind: spec.kind, name: `Fuzz ${spec.kind}`, district: 'Periuk' });
});

afterAll(async () => {
  await core?.close();
  await rm(dataDir, { recursive: true, force: true });
});

/** Values of every JSON type and their edges, for any field. */
const anyValue: fc.Arbitrary<unknown> = fc.oneof(
  fc.double(),
  fc.integer(),
  fc.constantFrom(0, -0, 1e308, -1e308, 2 ** 53, -(2 ** 63), 5e-324, true, false, null, '', 'NaN', 'Infinity', '-1e999', '12.5', '0x10', 'ON'),
  fc.string({ unit: 'grapheme', maxLength: 40 }),
  fc.array(fc.integer(), { maxLength: 3 }),
  fc.dictionary(fc.string({ maxLength: 5 }), fc.integer(), { maxKeys: 2 }),
);

/** A value that may fit the field: its listed values, numbers around its bounds, or anything. */
const fieldValue = (field: FieldSpec): fc.Arbitrary<unknown> => {
  const fitting: fc.Arbitrary<unknown>[] = [anyValue];
  if (field.values !== undefined) fitting.push(fc.constantFrom(...field.values));
  if (field.type === 'boolean') fitting.push(fc.boolean());
  if (field.type === 'number' || field.type === 'integer') {
    const low = field.min ?? -1e6;
    const high = field.max ?? 1e6;
    fitting.push(fc.integer({ min: Math.ceil(low) - 2, max: Math.floor(high) + 2 }), fc.double({ min: low - 1, max: high + 1, noNaN: true }));
  }
  return fc.oneof(...fitting);
};

/** A timestamp as devices send them, good and bad: ms, seconds, ISO text, far future or past, junk. */
const timestamp: fc.Arbitrary<unknown> = fc.oneof(
  fc.integer({ min: t0 - 10 * 24 * 3_600_000, max: t0 + 3_600_000 }),
  fc.constantFrom(t0, Math.floor(t0 / 1000), new Date(t0).toISOString(), '2025-11-22T10:00:00+07:00', -1, 0, 1e20, 'yesterday', null),
  anyValue,
);

/**
 * A record of the kind's own fields (some missing, some extra), as a device of that kind would
 * mistype them, as JSON text: written key by key so a `__proto__` key reaches the parser as sent.
 */
const recordOf = (spec: DeviceKindSpec): fc.Arbitrary<string> =>
  fc
    .tuple(
      fc.record(Object.fromEntries(Object.entries(spec.fields).map(([name, field]) => [name, fieldValue(field)])), { requiredKeys: [] }),
      fc.option(timestamp, { nil: undefined }),
      fc.array(fc.tuple(fc.constantFrom('__proto__', 'constructor', 'toString', 'ts ', 'Ts', 'pm 25', 'ünïcode', ''), anyValue), { maxLength: 2 }),
    )
    .map(([fields, ts, extra]) => {
      const entries: [string, unknown][] = [...extra, ...Object.entries(fields), ...(ts === undefined ? [] : [['ts', ts] as [string, unknown]])];
      return `{${entries.map(([key, value]) => `${JSON.stringify(key)}:${JSON.stringify(value) ?? 'null'}`).join(',')}}`;
    });

/** A SenML-like pack: base names, names, values of each SenML type, times, some of them wrong. */
const senmlOf = (spec: DeviceKindSpec): fc.Arbitrary<unknown[]> =>
  fc.array(
    fc.record(
      {
        bn: fc.constantFrom(`urn:dev:${deviceOf(spec)}:`, '', 'x'),
        bt: timestamp,
        n: fc.oneof(fc.constantFrom(...Object.keys(spec.fields)), fc.string({ maxLength: 8 })),
        u: fc.constantFrom('Cel', 'm', 'cm', '%RH', 'ug/m3', '/', 'bogus'),
        v: anyValue,
        vb: anyValue,
        vs: anyValue,
        t: timestamp,
      },
      { requiredKeys: ['n'] },
    ),
    { minLength: 1, maxLength: 6 },
  );

interface Payload {
  readonly spec: DeviceKindSpec;
  readonly bytes: Buffer;
  /** How many records a well-formed batch carries. */
  readonly records?: number;
}

/** A payload that prints as its kind and text in a counterexample. */
const payloadOf = (spec: DeviceKindSpec, bytes: Buffer, records?: number): Payload =>
  Object.assign({ spec, bytes, records }, { [fc.toStringMethod]: () => `${spec.kind} device publishes ${JSON.stringify(bytes.toString('utf8'))}` });

const payload: fc.Arbitrary<Payload> = fc.constantFrom(...kinds).chain((spec) =>
  fc.oneof(
    fc.uint8Array({ maxLength: 300 }).map((bytes) => payloadOf(spec, Buffer.from(bytes))),
    fc.json({ maxDepth: 4 }).map((text) => payloadOf(spec, Buffer.from(text))),
    recordOf(spec).map((record) => payloadOf(spec, Buffer.from(record), 1)),
    fc.array(recordOf(spec), { minLength: 1, maxLength: options.maxBatchLength }).map((batch) => payloadOf(spec, Buffer.from(`[${batch.join(',')}]`), batch.length)),
    senmlOf(spec).map((pack) => payloadOf(spec, Buffer.from(JSON.stringify(pack)))),
  ),
);

/** Throws unless the reading fits its kind, as stored readings must. */
function expectFits(reading: Reading, spec: DeviceKindSpec): void {
  expect(reading.kind).toBe(spec.kind);
  expect(Number.isSafeInteger(reading.ts)).toBe(true);
  expect(reading.ts).toBeGreaterThanOrEqual(t0 - options.maxAgeMs);
  expect(reading.ts).toBeLessThanOrEqual(t0 + options.maxFutureSkewMs);
  for (const required of spec.required) expect(reading.fields).toHaveProperty(required);
  for (const [name, value] of Object.entries(reading.fields)) {
    const field = spec.fields[name];
    expect(field, `field "${name}" of ${spec.kind}`).toBeDefined();
    if (field!.type === 'boolean') expect(typeof value).toBe('boolean');
    else if (field!.type === 'string') expect(field!.values ?? [value]).toContain(value);
    else {
      expect(typeof value === 'number' && Number.isFinite(value)).toBe(true);
      if (field!.type === 'integer') expect(Number.isInteger(value)).toBe(true);
      expect(value as number).toBeGreaterThanOrEqual(field!.min ?? Number.NEGATIVE_INFINITY);
      expect(value as number).toBeLessThanOrEqual(field!.max ?? Number.POSITIVE_INFINITY);
    }
  }
}

/** Throws unless every refusal has a catalogued code and a reason an engineer can read. */
function expectReadable(rejections: readonly Pick<Rejection, 'code' | 'message'>[]): void {
  for (const rejection of rejections) {
    expect(Object.keys(rejectionCodes)).toContain(rejection.code);
    expect(rejection.message.length).toBeGreaterThan(10);
    expect(rejection.message).not.toMatch(/\[object Object\]|undefined|NaN(?! ?")/);
  }
}

describe('fuzzing what devices publish, through the assembled core and a DuckDB file', () => {
  it(`settles every payload, stores only what fits its kind and refuses the rest with a catalogued, readable reason (${runs} payloads)`, async () => {
    await fc.assert(
      fc.asyncProperty(payload, async ({ spec, bytes, records }) => {
        const outcome = await core.pipeline.acceptTelemetry(deviceOf(spec), bytes);
        reportedStored += outcome.stored;
        expect(outcome.stored).toBe(outcome.readings.length);
        for (const reading of outcome.readings) expectFits(reading, spec);
        expectReadable(outcome.rejections);
        // Nothing is dropped without a reason: each record of a well-formed batch is stored or refused
        // once, unless one refusal speaks for the whole message; a message that stored nothing says why.
        if (records !== undefined) {
          const wholeMessageRefused = outcome.stored === 0 && outcome.rejections.length === 1;
          if (!wholeMessageRefused) expect(outcome.stored + outcome.rejections.length).toBe(records);
        }
        if (outcome.stored === 0) expect(outcome.rejections.length).toBeGreaterThan(0);
      }),
      { seed, numRuns: runs },
    );
    expect(core.telemetry.storedCount).toBe(reportedStored);
    expect(reportedStored).toBeGreaterThan(0); // the generators reach the stored side too, not only refusals
  });

  it('stores a valid reading of every kind after the fuzzing, on the same store', async () => {
    for (const spec of kinds) {
      const fields = Object.fromEntries(Object.entries(spec.fields).map(([name, field]) => [name, field.example ?? field.values?.[0] ?? field.min ?? 0]));
      const outcome = await core.pipeline.acceptTelemetry(deviceOf(spec), Buffer.from(JSON.stringify({ ...fields, ts: t0 + 1 })));
      expect(outcome, spec.kind).toMatchObject({ stored: 1, rejections: [] });
    }
  });
  it(`settles every command result and settings report to recorded or a readable reason (${runs} of each)`, async () => {
    const light = kinds.find((spec) => Object.keys(spec.commands).length > 0 && Object.keys(spec.settings).length > 0)!;
    const deviceId = deviceOf(light);
    const [name] = Object.keys(light.commands);
    const issued = await Promise.all(Array.from({ length: 3 }, () => core.commands.send(deviceId, { name: name!, params: {}, ttlS: 600, createdBy: 'fuzz (engineer)' }).catch(() => undefined)));
    const ids = issued.flatMap((command) => (command === undefined ? [] : [command.id]));
    const text = (value: unknown) => JSON.stringify(value) ?? 'null';
    const answer = fc.oneof(
      fc.uint8Array({ maxLength: 200 }).map((bytes) => Buffer.from(bytes)),
      fc.json({ maxDepth: 3 }).map((json) => Buffer.from(json)),
      fc.record({ id: fc.oneof(fc.constantFrom(...ids, ''), fc.string()), ok: anyValue, detail: anyValue }, { requiredKeys: [] }).map((value) => Buffer.from(text(value))),
      fc
        .record({ version: anyValue, settings: fc.oneof(anyValue, fc.dictionary(fc.oneof(fc.constantFrom(...Object.keys(light.settings), '__proto__'), fc.string()), anyValue)) }, { requiredKeys: [] })
        .map((value) => Buffer.from(text(value))),
    );
    await fc.assert(
      fc.asyncProperty(answer, async (bytes) => {
        const refusals = [await core.commands.acceptResult(deviceId, bytes), await core.settings.acceptReport(deviceId, bytes)].filter((refusal) => refusal !== null);
        expectReadable(refusals);
      }),
      { seed, numRuns: runs },
    );
  });
});
