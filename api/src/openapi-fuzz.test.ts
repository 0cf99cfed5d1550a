import fc from 'fast-check';
import { afterAll, beforeEach, describe, expect, it } from 'vitest';
import { roles, type DeviceInput, type Role } from '@kendali/contracts';
import { openApiUnderTest } from './testing/api-under-test';
import { documentedOperations, isStream, sendRequest, type Operation, type OperationRequest, type Parameter } from './testing/openapi-operations';
import { edgeTexts, fittingTextFor, percentEncode, textFor, toJsonText, valueFor } from './testing/schema-arbitraries';

/**
 * Property-based fuzzing of every operation in the API's own OpenAPI document (`/docs/json`), against
 * the real API over a real DuckDB file: parameters, query and body at their edges (huge and
 * negative numbers, int64 overflow, NaN-like and very long text, unicode, unknown fields, wrong
 * types, missing fields, absent or unparsable bodies), with no token, an unknown one and each
 * role's. Whatever comes, the API never answers 5xx, answers only statuses the document lists for
 * the operation, and every error has the shape {"error":{"code","message"}}.
 *
 * Seeded, so a run repeats: fast-check prints the seed and path of a failure. KENDALI_FUZZ_SEED and
 * KENDALI_FUZZ_RUNS (cases per operation that takes parameters or a body; one taking neither is
 * sent each of its requests once) explore further, e.g. KENDALI_FUZZ_SEED=$RANDOM.
 */
const seed = Number(process.env.KENDALI_FUZZ_SEED ?? 7_301);
const runsPerOperation = Number(process.env.KENDALI_FUZZ_RUNS ?? 150);

const api = await openApiUnderTest('openapi-fuzz');
afterAll(() => api.close());
const { app, core } = api;

// A small city, so fitting requests find devices, alarms, tokens and pending devices that exist.
const t0 = Date.parse('2026-11-23T03:00:00Z');
const cityDevices: Record<string, DeviceInput> = {
  'aq-karawaci-1': { kind: 'air-quality', name: 'AQ Karawaci', district: 'Karawaci' },
  'wl-pintu-air-10': { kind: 'water-level', name: 'Pintu Air 10', district: 'Tangerang', lat: -6.18, lon: 106.63 },
  'tr-jl-daan-mogot': { kind: 'traffic', name: 'Jl. Daan Mogot', district: 'Batuceper' },
};
const deviceIds = Object.keys(cityDevices);
for (const [id, input] of Object.entries(cityDevices)) await core.registry.create(id, input);
await core.pipeline.acceptTelemetry('wl-pintu-air-10', Buffer.from(JSON.stringify({ waterLevelCm: 212.5 })));
core.alarms.stop(); // the test drives alarm time itself
core.alarms.onReadings([{ deviceId: 'aq-karawaci-1', kind: 'air-quality', district: 'Karawaci', ts: t0, receivedAt: t0, fields: { pm25: 300 } }], t0);
core.alarms.onReadings([{ deviceId: 'aq-karawaci-1', kind: 'air-quality', district: 'Karawaci', ts: t0 + 60_000, receivedAt: t0 + 60_000, fields: { pm25: 300 } }], t0 + 60_000);
const alarmIds = core.alarms.openAlarms().map((alarm) => alarm.id);

/** Puts back what earlier operations deleted or approved, so each operation meets the same city. */
async function restoreCity(): Promise<void> {
  for (const [id, input] of Object.entries(cityDevices)) if (core.registry.get(id) === undefined) await core.registry.create(id, input);
  if (core.pending.get('pending-gate-7') !== undefined) return;
  if (core.registry.get('pending-gate-7') !== undefined) await core.registry.remove('pending-gate-7');
  await core.pending.record('pending-gate-7', '127.0.0.1');
}

const tokens = {} as Record<Role, string>;
for (const role of roles) tokens[role] = (await core.tokens.create(`fuzz ${role}`, role)).token;
// Tokens the fuzzer may revoke; the ones above stay.
const expendableTokenIds = await Promise.all([1, 2].map(async (i) => (await core.tokens.create(`expendable ${i}`, 'viewer')).record.id));

// Wall screens the fuzzer may revoke, and codes and poll ids of screens waiting to be paired.
const displayIds = await Promise.all([1, 2].map(async (i) => (await core.displays.create(`Wall ${i}`, 86_400_000, 'fuzz')).display.id));
const waiting = await Promise.all([1, 2].map(() => core.pairings.begin('10.0.0.1')));

/** Names that exist, by parameter or field name (and, for `id`, by path). */
const knownNames = (name: string, path = ''): readonly string[] => {
  if (name === 'id') {
    if (path.startsWith('/api/alarms')) return alarmIds;
    if (path.startsWith('/api/tokens')) return expendableTokenIds;
    if (path.startsWith('/api/pending')) return ['pending-gate-7'];
    if (path.startsWith('/api/displays')) return displayIds;
    return deviceIds;
  }
  if (name === 'code') return waiting.map((pairing) => pairing.code);
  if (name === 'pollId') return waiting.map((pairing) => pairing.pollId);
  // History is asked of one field of one device: pair them, so that many requests get to the store.
  if (path === '/api/telemetry' && name === 'device') return ['wl-pintu-air-10'];
  if (path === '/api/telemetry' && name === 'field') return ['waterLevelCm', 'rainfallMmPerHour'];
  // History across the city: selectors, fields and aggregates that exist, so requests reach the store.
  if (path === '/api/history') {
    if (name === 'kind') return ['air-quality', 'water-level', 'air-quality,traffic'];
    if (name === 'city') return ['kota-tangerang'];
    if (name === 'fields') return ['pm25', 'waterLevelCm,rainfallMmPerHour', 'pm25,vehicleCount'];
    if (name === 'fn') return ['mean', 'mean,max', 'count,last,min'];
    if (name === 'district') return ['Karawaci', 'Tangerang,Batuceper'];
    if (name === 'device') return ['wl-pintu-air-10', 'aq-karawaci-1,tr-jl-daan-mogot'];
  }
  if (name === 'device' || name === 'deviceId') return deviceIds;
  if (name === 'field') return ['pm25', 'waterLevelCm', 'vehicleCount', 'lampOn'];
  if (name === 'fields') return ['pm25', 'pm25,pm10', 'waterLevelCm,rainfallMmPerHour', 'vehicleCount'];
  if (name === 'kind') return ['air-quality', 'water-level', 'traffic'];
  if (name === 'city') return ['kota-tangerang'];
  if (name === 'fn') return ['mean', 'mean,max', 'count,last,min'];
  if (name === 'district') return ['Karawaci', 'Tangerang', 'Batuceper'];
  if (name === 'from') return [String(t0 - 3_600_000), '2026-11-23T02:00:00Z', '0'];
  if (name === 'to') return [String(t0 + 3_600_000), '2026-11-23T11:00:00+07:00', '9999-12-31T23:59:59.999Z'];
  if (name === 'every') return ['30s', '1m', '1h', '1d'];
  // Reports of the day and month the readings are in, so that requests get to the PDF.
  if (name === 'date') return ['2026-11-23', '2026-11-22'];
  if (name === 'month') return ['2026-11'];
  return [];
};

const operations = await documentedOperations(app);
/** A report is drawn anew for every request (a few hundred ms each): its operations get longer to answer all their cases. */
const answersPdf = (operation: Operation) => Object.values(operation.responses).some((answer) => answer.content?.['application/pdf'] !== undefined);
/** Routes that hash or check a password: each valid case costs a scrypt derivation (tens of ms, more on a busy machine). */
const checksPasswords = (operation: Operation) => operation.path === '/api/auth/login' || operation.path === '/api/users' || operation.path === '/api/users/{username}';
/** Routes whose every call reads the whole state: the audit chain walked from its first entry (one more for each request fuzzed before), a backup. */
const readsWholeState = (operation: Operation) => operation.path === '/api/audit/verify' || operation.path === '/api/admin/backup';

/** Who asks: nobody, a stranger, each role, the scheme in lower case (RFC 7235 §2.1), or `?token=` on GET. */
interface Credentials {
  readonly header?: string;
  readonly query?: string;
}
const asAdmin: readonly Credentials[] = [{ header: `Bearer ${tokens.admin}` }, { header: `bearer ${tokens.admin}` }, { query: tokens.admin }];
const asEachRole: readonly Credentials[] = roles.map((role) => ({ header: `Bearer ${tokens[role]}` }));
const asStranger: readonly Credentials[] = [{}, { header: 'Bearer kdl_not-a-token' }, { header: 'Basic dXNlcjpwYXNz' }, { header: 'Bearer' }];
const credentials: fc.Arbitrary<Credentials> = fc.oneof(
  { weight: 3, arbitrary: fc.constantFrom(...asAdmin) },
  { weight: 2, arbitrary: fc.constantFrom(...asEachRole) },
  { weight: 1, arbitrary: fc.constantFrom(...asStranger) },
);
const everyCredential = [...asAdmin, ...asEachRole, ...asStranger];

const overLimitBody = `"${'x'.repeat(1024 * 1024)}"`; // past Fastify's 1 MiB body limit

/** A body for a method that takes one: mostly one fitting the schema, else absent, empty, unparsable or of another type. */
function bodyFor(operation: Operation): fc.Arbitrary<{ contentType?: string; payload?: string }> {
  const content = operation.requestBody?.content ?? { 'application/json': { schema: {} } };
  const fitting = Object.entries(content).map(([contentType, { schema }]) =>
    (contentType.startsWith('text/')
      ? fc.oneof(fc.constantFrom('id,kind,name,district\nwl-new-1,water-level,Pos Baru,Cipondoh\n', 'id,kind\n', '', '\u0000,\n"'), fc.string({ maxLength: 200 }))
      : valueFor(schema, 0, (name) => knownNames(name)).map(toJsonText)
    ).map((payload) => ({ contentType, payload })),
  );
  return fc.oneof(
    { weight: 12, arbitrary: fc.oneof(...fitting) },
    { weight: 1, arbitrary: fc.constant({}) },
    {
      weight: 3,
      arbitrary: fc.constantFrom(
        { contentType: 'application/json', payload: '' },
        { contentType: 'application/json', payload: '{"comment": ' },
        { contentType: 'application/json', payload: 'null' },
        { contentType: 'application/json', payload: overLimitBody },
        { contentType: 'application/xml', payload: '<device/>' },
        { contentType: 'application/x-www-form-urlencoded', payload: 'name=x' },
        { contentType: 'application/json; charset=latin1', payload: '{}' },
        { payload: '{}' },
      ),
    },
  );
}

/** One parameter of a request: text that fits it, or anything (edges, wrong types, repeats); null = left out. */
interface Slot {
  readonly parameter: Parameter;
  readonly fitting: fc.Arbitrary<readonly string[] | null>;
  readonly wild: fc.Arbitrary<readonly string[] | null>;
}

function slotFor(operation: Operation, parameter: Parameter): Slot {
  const hints = knownNames(parameter.name, operation.path);
  const absentOneIn = parameter.in === 'path' ? 0 : parameter.required ? 20 : 3;
  const maybe = (texts: fc.Arbitrary<readonly string[]>) => (absentOneIn === 0 ? texts : fc.option(texts, { freq: absentOneIn }));
  const encoded = (text: string) => percentEncode(text);
  return {
    parameter,
    fitting: maybe(fittingTextFor(parameter.schema, hints).map((text) => [encoded(text)])),
    wild: fc.oneof(
      { weight: 8, arbitrary: maybe(textFor(parameter.schema, hints).map((text) => [encoded(text)])) },
      // The same parameter twice (`?limit=1&limit=2`, an array once parsed).
      { weight: parameter.in === 'query' ? 1 : 0, arbitrary: fc.array(textFor(parameter.schema, hints).map(encoded), { minLength: 2, maxLength: 2 }) },
      // Escapes that do not decode, written raw: the router refuses them before any route runs.
      { weight: 1, arbitrary: fc.constantFrom('%', '%zz', '%E0%A4%A', '%C0%AF', '%00').map((raw) => [raw]) },
    ),
  };
}

/** POST, PUT, PATCH and DELETE are sent bodies, of the operation's schema or not; the others none. */
const takesBody = (operation: Operation) => ['POST', 'PUT', 'PATCH', 'DELETE'].includes(operation.method);

/** The request to send: `url` with `search` as its query, the credentials and the body. */
function assemble(operation: Operation, url: string, search: readonly string[], who: Credentials, body: { contentType?: string; payload?: string }): OperationRequest {
  const query = who.query !== undefined && operation.method === 'GET' ? [...search, `token=${who.query}`] : search;
  const headers: Record<string, string> = {};
  if (who.header !== undefined) headers.authorization = who.header;
  if (body.contentType !== undefined) headers['content-type'] = body.contentType;
  const request: OperationRequest = { method: operation.method, url: query.length > 0 ? `${url}?${query.join('&')}` : url, headers, ...(body.payload === undefined ? {} : { payload: body.payload }) };
  // fast-check prints a failing case: keep 100 KiB values out of the report.
  return Object.assign(request, { [fc.toStringMethod]: () => JSON.stringify(request, (_key, value: unknown) => (typeof value === 'string' && value.length > 300 ? `${value.slice(0, 300)}… (${value.length} chars)` : value)) });
}

/**
 * A request for one operation. Mostly every parameter fits but one, which gets edge or wrong
 * input, so requests reach the handlers and the store with one bad part each; else all are wild.
 */
function requestFor(operation: Operation): fc.Arbitrary<OperationRequest> {
  const slots = (operation.parameters ?? []).filter((parameter) => parameter.in !== 'header').map((parameter) => slotFor(operation, parameter));
  const unknownQuery = fc.option(fc.constantFrom(...edgeTexts).map((text) => `x-unknown=${percentEncode(text)}`), { freq: 4 });
  const body: fc.Arbitrary<{ contentType?: string; payload?: string }> = takesBody(operation) ? bodyFor(operation) : fc.constant({});
  return fc
    .record({
      fitting: fc.tuple(...slots.map((slot) => slot.fitting)),
      wild: fc.tuple(...slots.map((slot) => slot.wild)),
      wildSlot: fc.oneof({ weight: 4, arbitrary: fc.nat(slots.length) }, { weight: 1, arbitrary: fc.constant(-1) }), // slots.length: none, -1: all
      unknownQuery,
      who: credentials,
      body,
    })
    .map(({ fitting, wild, wildSlot, unknownQuery, who, body }) => {
      let url = operation.path;
      const search: string[] = [];
      slots.forEach((slot, index) => {
        const texts = wildSlot === -1 || wildSlot === index ? wild[index] : fitting[index];
        if (slot.parameter.in === 'path') url = url.replace(`{${slot.parameter.name}}`, texts?.[0] ?? '');
        else for (const text of texts ?? []) search.push(`${slot.parameter.name}=${text}`);
      });
      if (unknownQuery !== null) search.push(unknownQuery);
      return assemble(operation, url, search, who, body);
    });
}

/** An operation without parameters or a body: a request to it varies only in who asks and in an unknown query parameter. */
const takesNoInput = (operation: Operation) => !takesBody(operation) && (operation.parameters ?? []).every((parameter) => parameter.in === 'header');

/**
 * Every request such an operation can be sent, part by part: each credential alone, then each
 * edge text as an unknown query parameter (with the credentials in turn). Some 50 requests try
 * every value of both parts, where 150 drawn at random repeat most and may miss a few.
 */
const everyRequestWithoutInput = (operation: Operation): OperationRequest[] => [
  ...everyCredential.map((who) => assemble(operation, operation.path, [], who, {})),
  ...edgeTexts.map((text, index) => assemble(operation, operation.path, [`x-unknown=${percentEncode(text)}`], everyCredential[index % everyCredential.length]!, {})),
];

/** The query or path of a request where every parameter has its first known name, but one has `text`. */
function urlWith(operation: Operation, edge: { name: string; text: string } | undefined): string {
  let url = operation.path;
  const search: string[] = [];
  for (const parameter of operation.parameters ?? []) {
    const text = parameter.name === edge?.name ? edge.text : knownNames(parameter.name, operation.path)[0] ?? fc.sample(fittingTextFor(parameter.schema, []), { seed, numRuns: 1 })[0]!;
    if (parameter.in === 'path') url = url.replace(`{${parameter.name}}`, percentEncode(text));
    else if (parameter.in === 'query' && (parameter.required || parameter.name === edge?.name)) search.push(`${parameter.name}=${percentEncode(text)}`);
  }
  return search.length > 0 ? `${url}?${search.join('&')}` : url;
}

describe('the API under fuzzing, from its own OpenAPI document', () => {
  beforeEach(restoreCity);

  it('documents operations to fuzz, streams among them', () => {
    expect(operations.length).toBeGreaterThan(30);
    expect(operations.filter(isStream).map((operation) => operation.path).sort()).toEqual(['/api/devices/{id}/messages', '/api/live']);
  });

  // Every parameter of every operation meets every edge text once, the rest of the request fitting.
  it.each(operations.filter((operation) => (operation.parameters ?? []).length > 0).map((operation) => [`${operation.method} ${operation.path}`, operation] as const))(
    '%s: each parameter at each edge answers a documented status below 500',
    async (_name, operation) => {
      const headers = { authorization: `Bearer ${tokens.admin}` };
      for (const parameter of operation.parameters ?? []) {
        for (const text of edgeTexts) {
          const request = { method: operation.method, url: urlWith(operation, { name: parameter.name, text }), headers, ...(['POST', 'PUT', 'PATCH'].includes(operation.method) ? { payload: '{}' } : {}) };
          const { status, body } = await sendRequest(app, operation, request);
          expect(status, `${parameter.name}=${text.slice(0, 40)}: ${body.slice(0, 300)}`).toBeLessThan(500);
          expect(Object.keys(operation.responses), `${parameter.name}=${text.slice(0, 40)}: ${status} ${body.slice(0, 300)}`).toContain(String(status));
        }
      }
    },
  );

  for (const operation of operations) {
    it(`${operation.method} ${operation.path}: never 5xx, only documented statuses, errors in the one shape`, async () => {
      const documented = Object.keys(operation.responses);
      const seen = new Set<number>();
      // Examples come first and count among the runs: an operation without input gets exactly its list.
      const examples = takesNoInput(operation) ? everyRequestWithoutInput(operation).map((request) => [request] as [OperationRequest]) : [];
      await fc.assert(
        fc.asyncProperty(requestFor(operation), async (request) => {
          const { status, contentType, body } = await sendRequest(app, operation, request);
          seen.add(status);
          expect(status, body.slice(0, 500)).toBeLessThan(500);
          expect(documented, `${status} is not documented: ${body.slice(0, 500)}`).toContain(String(status));
          if (status >= 400) {
            expect(contentType).toMatch(/^application\/json/);
            const answer = JSON.parse(body) as { error?: { code?: unknown; message?: unknown } };
            expect(typeof answer.error?.code, body.slice(0, 500)).toBe('string');
            expect(typeof answer.error?.message, body.slice(0, 500)).toBe('string');
          } else if (isStream(operation)) {
            expect(contentType).toMatch(/^text\/event-stream/);
          }
        }),
        { seed, examples, numRuns: examples.length > 0 ? examples.length : runsPerOperation },
      );
      // The cases reached past authentication, not only bounced off it.
      expect([...seen].some((status) => status !== 401 && status !== 403)).toBe(true);
    }, answersPdf(operation) || checksPasswords(operation) || readsWholeState(operation) ? 120_000 : undefined);
  }
});
