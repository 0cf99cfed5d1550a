import type { FastifyInstance } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { builtInProfiles, type KindChange, type LiveFrame } from '@kendali/contracts';
import type { Core } from '@kendali/ingest';
import { openApiUnderTest, type ApiUnderTest } from '../testing/api-under-test';

let api: ApiUnderTest;
let core: Core;
let app: FastifyInstance;
let token: string;

beforeAll(async () => {
  api = await openApiUnderTest('live');
  ({ core, app } = api);
  await app.listen({ port: 0, host: '127.0.0.1' });
  token = (await core.tokens.create('wall', 'viewer')).token;
  // Enough devices that one snapshot is far larger than a socket's 16 KiB write buffer.
  await core.registry.provision(
    Array.from({ length: 400 }, (_, i) => ({ id: `aq-${i}`, kind: 'air-quality' as const, name: `Stasiun udara ${i}`, district: 'Karawaci' })),
    () => 'secret',
  );
  for (let i = 0; i < 400; i++) await core.pipeline.acceptTelemetry(`aq-${i}`, Buffer.from(JSON.stringify({ pm25: 20 + (i % 30), pm10: 40, temperatureC: 30, humidityPct: 80 })));
});

afterAll(() => api?.close());

describe('/api/live', () => {
  it('sends one large snapshot and then frames at the bounded rate, not a snapshot per drain', async () => {
    const { port } = app.server.address() as { port: number };
    // The live state sampled the city since its readings arrived (a sample taken before them has no PM2.5).
    await expect.poll(() => core.live.trend.at(-1)?.pm25MeanUgm3 ?? null).not.toBeNull();
    const controller = new AbortController();
    const response = await fetch(`http://127.0.0.1:${port}/api/live?token=${token}`, { signal: controller.signal });
    const reader = response.body!.getReader();
    let text = '';
    const wholeEvents = () => text.split('\n\n').slice(0, -1); // the read may stop mid-event
    const startedMs = performance.now();
    // A snapshot and six frames, however long a busy machine takes to send them.
    while (wholeEvents().filter((event) => event.startsWith('event: frame')).length < 7) {
      const { value, done } = await reader.read();
      if (done) break;
      text += new TextDecoder().decode(value);
    }
    const elapsedMs = performance.now() - startedMs;
    controller.abort();
    const whole = wholeEvents().filter((event) => event.startsWith('event: frame'));
    const [first, ...later] = whole.map((event) => JSON.parse(event.split('\ndata: ')[1]!) as LiveFrame);
    expect(first!.readings).toHaveLength(400);
    // The snapshot brings the wall's trend, so its charts fill at once; later frames do not repeat it.
    expect(first!.trend?.length).toBeGreaterThan(0);
    expect(first!.trend?.at(-1)?.pm25MeanUgm3).toBeGreaterThan(0);
    expect(later.every((frame) => frame.trend === undefined)).toBe(true);
    expect(JSON.stringify(first).length).toBeGreaterThan(64 * 1024);
    // At 4 Hz the six frames after the snapshot take at least ~1.25 s; a snapshot per drain would take milliseconds.
    expect(whole.length).toBe(7);
    expect(later.length / (elapsedMs / 250)).toBeLessThanOrEqual(1.5);
  });

  it('announces a new version of a kind on the open stream as a "kinds" event', async () => {
    const { port } = app.server.address() as { port: number };
    const controller = new AbortController();
    const response = await fetch(`http://127.0.0.1:${port}/api/live?token=${token}`, { signal: controller.signal });
    const reader = response.body!.getReader();
    let text = '';
    const kindEvents = () => text.split('\n\n').slice(0, -1).filter((event) => event.startsWith('event: kinds'));
    // The stream is open once its snapshot arrived; only then is a change sure to be announced on it.
    while (!text.includes('event: frame')) text += new TextDecoder().decode((await reader.read()).value);
    const engineer = await api.bearer('engineer');
    const put = await app.inject({ method: 'PUT', url: '/api/kinds/noise-level', headers: { ...engineer, 'content-type': 'application/json' }, payload: JSON.stringify(builtInProfiles['air-quality']) });
    expect(put.statusCode).toBe(201);
    while (kindEvents().length === 0) {
      const { value, done } = await reader.read();
      if (done) break;
      text += new TextDecoder().decode(value);
    }
    controller.abort();
    expect(kindEvents().map((event) => JSON.parse(event.split('\ndata: ')[1]!) as KindChange)).toEqual([{ kind: 'noise-level', version: 1 }]);
  });
});
