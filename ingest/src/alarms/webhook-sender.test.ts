import { createHmac } from 'node:crypto';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterEach, describe, expect, it } from 'vitest';
import type { Alarm, AlarmEvent } from '@kendali/contracts';
import { AlarmWebhooks, defaultWebhookOptions } from './webhook-sender';

let server: http.Server | undefined;
afterEach(async () => {
  server?.closeAllConnections();
  await new Promise<void>((resolve) => (server ? server.close(() => resolve()) : resolve()));
});

type Answer = number | { status: number; headers: Record<string, string> };

/** A real HTTP receiver that answers each request with the next of `answers`, on `port` if given. */
async function receiver(answers: Answer[], port = 0) {
  const bodies: { body: string; signature: string | undefined; atMs: number }[] = [];
  server = http.createServer((request, response) => {
    let body = '';
    request.on('data', (chunk: Buffer) => (body += chunk.toString()));
    request.on('end', () => {
      bodies.push({ body, signature: request.headers['x-kendali-signature'] as string | undefined, atMs: performance.now() });
      const answer = answers[bodies.length - 1] ?? 200;
      if (typeof answer === 'number') response.writeHead(answer).end();
      else response.writeHead(answer.status, answer.headers).end();
    });
  });
  await new Promise<void>((resolve) => server!.listen(port, '127.0.0.1', resolve));
  return { url: `http://127.0.0.1:${(server!.address() as AddressInfo).port}/hook`, bodies };
}

/** A loopback port with nothing listening (yet). */
async function closedPort(): Promise<number> {
  const probe = http.createServer();
  await new Promise<void>((resolve) => probe.listen(0, '127.0.0.1', resolve));
  const { port } = probe.address() as AddressInfo;
  await new Promise((resolve) => probe.close(resolve));
  return port;
}

const alarm = { id: 'a-1', title: { id: 'Siaga 2', en: 'Siaga 2' } } as unknown as Alarm;
const event = { alarmId: 'a-1', type: 'raised' } as unknown as AlarmEvent;

describe('AlarmWebhooks', () => {
  it('delivers through a receiver that fails twice, then succeeds, signing every attempt', async () => {
    const target = await receiver([503, 500, 200]);
    const hooks = new AlarmWebhooks({ ...defaultWebhookOptions, urls: [target.url], secret: 's3cret', minDelayMs: 20, maxDelayMs: 50 });
    const delivered: number[] = [];
    hooks.on('delivered', ({ attempts }) => delivered.push(attempts));
    hooks.send(alarm, event);
    await hooks.settle();
    expect(delivered).toEqual([3]);
    expect(target.bodies).toHaveLength(3);
    const body = target.bodies[2]!.body;
    expect(JSON.parse(body)).toEqual({ event, alarm });
    expect(target.bodies[2]!.signature).toBe(`sha256=${createHmac('sha256', 's3cret').update(body).digest('hex')}`);
  });

  it('retries on 408 and 429, and waits at least as long as Retry-After says', async () => {
    const target = await receiver([408, { status: 429, headers: { 'retry-after': '1' } }, 200]);
    const hooks = new AlarmWebhooks({ ...defaultWebhookOptions, urls: [target.url], minDelayMs: 10, maxDelayMs: 5_000 });
    const delivered: number[] = [];
    hooks.on('delivered', ({ attempts }) => delivered.push(attempts));
    hooks.send(alarm, event);
    await hooks.settle();
    expect(delivered).toEqual([3]);
    // Back-off alone would come back within ~40 ms; Retry-After: 1 asks for a second.
    expect(target.bodies[2]!.atMs - target.bodies[1]!.atMs).toBeGreaterThanOrEqual(1_000);
  });

  it('keeps retrying while the receiver is unreachable and delivers once it listens', async () => {
    const port = await closedPort();
    const hooks = new AlarmWebhooks({ ...defaultWebhookOptions, urls: [`http://127.0.0.1:${port}/hook`], retries: 100, minDelayMs: 20, maxDelayMs: 50 });
    const delivered: number[] = [];
    hooks.on('delivered', ({ attempts }) => delivered.push(attempts));
    const refused = new Promise<Error>((resolve) => hooks.once('retrying', ({ error }) => resolve(error)));
    hooks.send(alarm, event);
    expect((await refused).message).toMatch(/fetch failed/);
    const target = await receiver([200], port);
    await hooks.settle();
    expect(target.bodies).toHaveLength(1);
    expect(delivered[0]).toBeGreaterThan(1);
  });

  it('gives up at once when the receiver refuses the payload (4xx)', async () => {
    const target = await receiver([400]);
    const hooks = new AlarmWebhooks({ ...defaultWebhookOptions, urls: [target.url], minDelayMs: 20 });
    const failures: string[] = [];
    hooks.on('failed', ({ error }) => failures.push(error.message));
    hooks.send(alarm, event);
    await hooks.settle();
    expect(target.bodies).toHaveLength(1);
    expect(failures[0]).toMatch(/answered 400/);
  });
});
