import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { FastifyInstance } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { systemClock } from '@kendali/contracts';
import { defaultIngestOptions, openCore, type Core } from '@kendali/ingest';
import { buildWorkerApi } from './build-worker-api';

let dataDir: string;
let core: Core;
let app: FastifyInstance;

beforeAll(async () => {
  dataDir = await mkdtemp(join(tmpdir(), 'kendali-worker-api-'));
  core = await openCore({ ...defaultIngestOptions, dataDir, clock: systemClock });
  app = await buildWorkerApi({ services: core, clock: systemClock, readiness: { feed: () => ({ ok: true, detail: 'publishing' }) } });
});

afterAll(async () => {
  await app?.close();
  await core?.close();
  await rm(dataDir, { recursive: true, force: true });
});

describe('worker api', () => {
  it('answers liveness, and readiness with the store, the given checks and the disk in that order', async () => {
    expect((await app.inject({ url: '/healthz' })).json()).toEqual({ status: 'ok' });
    const readiness = await app.inject({ url: '/readyz' });
    expect(readiness.statusCode).toBe(200);
    expect(Object.keys(readiness.json().checks)).toEqual(['store', 'feed', 'disk']);
  });

  it('serves /metrics to a viewer token only', async () => {
    expect((await app.inject({ url: '/metrics' })).statusCode).toBe(401);
    const { token } = await core.tokens.create('worker metrics', 'viewer');
    const metrics = await app.inject({ url: '/metrics', headers: { authorization: `Bearer ${token}` } });
    expect(metrics.statusCode).toBe(200);
    expect(metrics.body).toContain('kendali_');
  });

  it('serves nothing else, refused in the API error shape', async () => {
    for (const url of ['/', '/api/devices', '/api/live', '/docs', '/wall']) {
      const answer = await app.inject({ url });
      expect(answer.statusCode, url).toBe(404);
      expect(answer.json().error.code, url).toBe('KENDALI_ERR_NOT_FOUND');
    }
  });
});
