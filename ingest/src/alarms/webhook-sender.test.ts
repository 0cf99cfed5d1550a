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

/** A real HTTP receiver that answers each request with the next status of `statuses`. */
async function receiver(statuses: number[]) {
  const bodies: { body: string; signature: string | undefined }[] = [];
  server = http.createServer((request, response) => {
    let body = '';
    request.on('data', (chunk: Buffer) => (body += chunk.toString()));
    request.on('end', () => {
      bodies.push({ body, signature: request.headers['x-kendali-signature'] as string | undefined });
      response.writeHead(statuses[bodies.length - 1] ?? 200).end();
    });
  });
  await new Promise<void>((resolve) => server!.listen(0, '127.0.0.1', resolve));
  return { url: `http://127.0.0.1:${(server!.address() as AddressInfo).port}/hook`, bodies };
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
