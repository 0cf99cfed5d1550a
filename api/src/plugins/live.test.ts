import type { FastifyInstance } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { LiveFrame } from '@kendali/contracts';
import type { Ingest } from '@kendali/ingest';
import { openApiUnderTest, type ApiUnderTest } from '../testing/api-under-test';

let api: ApiUnderTest;
let ingest: Ingest;
let app: FastifyInstance;
let token: string;

beforeAll(async () => {
  api = await openApiUnderTest('live');
  ({ ingest, app } = api);
  await app.listen({ port: 0, host: '127.0.0.1' });
  token = (await ingest.tokens.create('wall', 'viewer')).token;
  // Enough devices that one snapshot is far larger than a socket's 16 KiB write buffer.
  await ingest.registry.provision(
    Array.from({ length: 400 }, (_, i) => ({ id: `aq-${i}`, kind: 'air-quality' as const, name: `Stasiun udara ${i}`, district: 'Karawaci' })),
    () => 'secret',
  );
  for (let i = 0; i < 400; i++) await ingest.acceptTelemetry(`aq-${i}`, Buffer.from(JSON.stringify({ pm25: 20 + (i % 30), pm10: 40, temperatureC: 30, humidityPct: 80 })));
});

afterAll(() => api?.close());

describe('/api/live', () => {
  it('sends one large snapshot and then frames at the bounded rate, not a snapshot per drain', async () => {
    const { port } = app.server.address() as { port: number };
    // The live state sampled the city since its readings arrived (a sample taken before them has no PM2.5).
    await expect.poll(() => ingest.live.trend.at(-1)?.pm25MeanUgm3 ?? null).not.toBeNull();
    const controller = new AbortController();
    const response = await fetch(`http://127.0.0.1:${port}/api/live?token=${token}`, { signal: controller.signal });
    const reader = response.body!.getReader();
    let text = '';
    const until = Date.now() + 1_500;
    while (Date.now() < until) {
      const { value, done } = await reader.read();
      if (done) break;
      text += new TextDecoder().decode(value);
    }
    controller.abort();
    const frames = text.split('\n\n').filter((event) => event.startsWith('event: frame'));
    // The read stopped at an arbitrary byte: only events followed by their blank line are whole.
    const whole = text.split('\n\n').slice(0, -1).filter((event) => event.startsWith('event: frame'));
    const [first, ...later] = whole.map((event) => JSON.parse(event.split('\ndata: ')[1]!) as LiveFrame);
    expect(first!.readings).toHaveLength(400);
    // The snapshot brings the wall's trend, so its charts fill at once; later frames do not repeat it.
    expect(first!.trend?.length).toBeGreaterThan(0);
    expect(first!.trend?.at(-1)?.pm25MeanUgm3).toBeGreaterThan(0);
    expect(later.every((frame) => frame.trend === undefined)).toBe(true);
    expect(JSON.stringify(first).length).toBeGreaterThan(64 * 1024);
    // 1.5 s at 4 Hz: the snapshot plus about six frames, never hundreds.
    expect(frames.length).toBeLessThanOrEqual(9);
    expect(frames.length).toBeGreaterThanOrEqual(4);
  });
});
