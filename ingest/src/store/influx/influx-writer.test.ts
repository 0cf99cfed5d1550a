import { createServer, type IncomingHttpHeaders, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { gunzipSync } from 'node:zlib';
import { HttpError } from '@influxdata/influxdb-client';
import { afterEach, describe, expect, it } from 'vitest';
import { InfluxWriter, joinLines, retryDelayMs, type InfluxWriterOptions } from './influx-writer';

interface Received {
  readonly url: string;
  readonly headers: IncomingHttpHeaders;
  readonly body: string;
}

/** A real HTTP server on loopback answering each write with the next of `answers` (the last one repeats). */
async function fakeInflux(answers: readonly { status: number; headers?: Record<string, string>; body?: string }[]) {
  const received: Received[] = [];
  const server: Server = createServer((request, response) => {
    const chunks: Buffer[] = [];
    request.on('data', (chunk: Buffer) => chunks.push(chunk));
    request.on('end', () => {
      const raw = Buffer.concat(chunks);
      const body = request.headers['content-encoding'] === 'gzip' ? gunzipSync(raw) : raw;
      received.push({ url: request.url ?? '', headers: request.headers, body: body.toString('utf8') });
      const answer = answers[Math.min(received.length, answers.length) - 1]!;
      response.writeHead(answer.status, answer.headers).end(answer.body);
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  servers.push(server);
  return { url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`, received };
}

const servers: Server[] = [];
const writers: InfluxWriter[] = [];
afterEach(async () => {
  for (const writer of writers.splice(0)) writer.dispose();
  await Promise.all(servers.splice(0).map((server) => new Promise((resolve) => server.close(resolve))));
});

function writer(url: string, overrides: Partial<InfluxWriterOptions> = {}) {
  const failures: Error[] = [];
  const made = new InfluxWriter({
    url,
    token: null,
    database: 'kendali',
    requestTimeoutMs: 5_000,
    gzipThresholdBytes: 1_024,
    retry: { minDelayMs: 10, maxDelayMs: 40, jitterMs: 0, maxRetries: 2 },
    onAttemptFailed: (error) => failures.push(error),
    ...overrides,
  });
  writers.push(made);
  return { writer: made, failures };
}

const lines = (count: number) => Array.from({ length: count }, (_, index) => Buffer.from(`water-level,deviceId=wl-${index} waterLevelCm=${index} ${1_000 + index}`));

describe('InfluxWriter against a real HTTP server', () => {
  it('posts the records a line each to /write under the base path, with the credentials, gzipping only a large body', async () => {
    const influx = await fakeInflux([{ status: 204 }]);
    const { writer: small } = writer(`${influx.url}/influx/`, { database: 'kendali/week', token: 'kendali:s3cret' });
    await small.write(lines(2));
    const { writer: large } = writer(influx.url);
    await large.write(lines(100));

    const [first, second] = influx.received;
    expect(first!.url).toBe('/influx/write?db=kendali&rp=week&precision=ms');
    expect(first!.headers.authorization).toBe(`Basic ${Buffer.from('kendali:s3cret').toString('base64')}`);
    expect(first!.headers['content-encoding']).toBeUndefined();
    expect(first!.body).toBe('water-level,deviceId=wl-0 waterLevelCm=0 1000\nwater-level,deviceId=wl-1 waterLevelCm=1 1001');
    expect(second!.url).toBe('/write?db=kendali&precision=ms');
    expect(second!.headers.authorization).toBeUndefined();
    expect(second!.headers['content-encoding']).toBe('gzip');
    expect(second!.body.split('\n')).toEqual(lines(100).map(String));
  });

  it('waits as long as Retry-After asks when InfluxDB answers 429, then writes', async () => {
    const influx = await fakeInflux([{ status: 429, headers: { 'retry-after': '1' }, body: 'slow down' }, { status: 204 }]);
    const { writer: made, failures } = writer(influx.url);
    const startedMs = performance.now();
    await made.write(lines(3));
    expect(performance.now() - startedMs).toBeGreaterThanOrEqual(990);
    expect(influx.received).toHaveLength(2);
    expect(influx.received[1]!.body).toBe(influx.received[0]!.body);
    expect(failures.map((failure) => (failure as HttpError).statusCode)).toEqual([429]);
  });

  it('tries a 5xx again maxRetries times with back-off, then hands the batch back with the answer', async () => {
    const influx = await fakeInflux([{ status: 503, headers: { 'content-type': 'application/json' }, body: '{"error":"engine overloaded"}' }]);
    const { writer: made, failures } = writer(influx.url);
    const error = await made.write(lines(1)).catch((caught: unknown) => caught);
    expect(error).toBeInstanceOf(HttpError);
    expect((error as HttpError).statusCode).toBe(503);
    expect((error as HttpError).body).toContain('engine overloaded');
    expect(influx.received).toHaveLength(3);
    expect(failures).toHaveLength(3);
  });

  it('hands back at once what InfluxDB refused (400) and a write nobody answered', async () => {
    const influx = await fakeInflux([{ status: 400, body: '{"error":"field type conflict"}', headers: { 'content-type': 'application/json' } }]);
    const { writer: refused } = writer(influx.url);
    await expect(refused.write(lines(1))).rejects.toMatchObject({ statusCode: 400, body: '{"error":"field type conflict"}' });
    expect(influx.received).toHaveLength(1);

    const closed = await fakeInflux([{ status: 204 }]);
    await new Promise((resolve) => servers.pop()!.close(resolve));
    const { writer: unanswered, failures } = writer(closed.url);
    await expect(unanswered.write(lines(1))).rejects.toMatchObject({ code: 'ECONNREFUSED' });
    expect(failures).toHaveLength(1);
  });

  it('gives a batch waiting out a back-off back when it is disposed', async () => {
    const influx = await fakeInflux([{ status: 429, headers: { 'retry-after': '60' } }]);
    const { writer: made, failures } = writer(influx.url);
    const writing = made.write(lines(1));
    await expect.poll(() => failures.length).toBe(1);
    made.dispose();
    await expect(writing).rejects.toThrow('InfluxDB writer closed');
  });
});

describe('the pieces of a write', () => {
  it('joins records with a newline between two, none at the end', () => {
    expect(joinLines([]).toString()).toBe('');
    expect(joinLines([Buffer.from('a 1'), Buffer.from('ü 2')]).toString()).toBe('a 1\nü 2');
  });

  it('backs off between minDelay × 2^(n-1) and twice that, capped, unless Retry-After says how long', () => {
    const retry = { minDelayMs: 250, maxDelayMs: 5_000, jitterMs: 100, maxRetries: 6 };
    const overloaded = new HttpError(503, 'Service Unavailable');
    expect(retryDelayMs(overloaded, 1, retry, () => 0)).toBe(250);
    expect(retryDelayMs(overloaded, 1, retry, () => 1)).toBe(600);
    expect(retryDelayMs(overloaded, 3, retry, () => 0)).toBe(1_000);
    expect(retryDelayMs(overloaded, 6, retry, () => 1)).toBe(5_100);
    expect(retryDelayMs(new HttpError(429, 'Too Many Requests', '', '7'), 1, retry, () => 0.5)).toBe(7_050);
  });
});
