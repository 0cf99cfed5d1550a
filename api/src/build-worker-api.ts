import type { FastifyInstance } from 'fastify';
import type { Core } from '@kendali/ingest';
import type { Clock } from '@kendali/contracts';
import { auth } from './auth/auth-plugin';
import { createHttpServer, type HttpServerOptions } from './http-server';
import { healthPlugin, type ReadinessCheck } from './plugins/health';
import { metricsPlugin, type MetricsPluginOptions } from './plugins/metrics';
import { nodeReadinessChecks } from './plugins/node-readiness';

export interface WorkerApiOptions extends Pick<HttpServerOptions, 'logger' | 'https'> {
  readonly services: Pick<Core, 'pipeline' | 'telemetry' | 'rejections' | 'live' | 'registry' | 'disk' | 'tokens' | 'sessions' | 'displays'>;
  readonly clock: Clock;
  readonly readiness?: Readonly<Record<string, ReadinessCheck>>;
  readonly gauges?: MetricsPluginOptions['gauges'];
}

/**
 * The HTTP face of an ingest worker (KENDALI_ROLE=ingest): `/healthz`, `/readyz` and `/metrics`
 * (with a viewer's token, as on an api node) and nothing else: no dashboard, no API, no live frames.
 */
export async function buildWorkerApi(options: WorkerApiOptions): Promise<FastifyInstance> {
  const app = createHttpServer(options);
  const { pipeline, telemetry, rejections, live, registry, disk, tokens, sessions, displays } = options.services;
  await app.register(auth, { tokens, sessions, displays, brokerHookSecret: null });
  await app.register(healthPlugin, { checks: nodeReadinessChecks({ telemetry, disk, ...(options.readiness ? { extra: options.readiness } : {}) }) });
  await app.register(metricsPlugin, { pipeline, telemetry, rejections, live, registry, clock: options.clock, ...(options.gauges ? { gauges: options.gauges } : {}) });
  return app;
}
