import Fastify, { type FastifyBaseLogger, type FastifyInstance } from 'fastify';
import { storageStatus, type Core } from '@kendali/ingest';
import type { Clock } from '@kendali/contracts';
import { auth } from './auth/auth-plugin';
import { answerFrameworkError, installErrorHandling } from './error-handler';
import { healthPlugin, type ReadinessCheck } from './plugins/health';
import { metricsPlugin, type MetricsPluginOptions } from './plugins/metrics';

export interface WorkerApiOptions {
  readonly services: Pick<Core, 'pipeline' | 'telemetry' | 'rejections' | 'live' | 'registry' | 'disk' | 'tokens' | 'sessions' | 'displays'>;
  readonly clock: Clock;
  readonly logger?: FastifyBaseLogger | boolean;
  readonly readiness?: Readonly<Record<string, ReadinessCheck>>;
  readonly gauges?: MetricsPluginOptions['gauges'];
  /** Serve HTTPS with this PEM certificate (chain) and key; absent = plain HTTP. */
  readonly https?: { readonly cert: Buffer; readonly key: Buffer };
}

/**
 * The HTTP face of an ingest worker (KENDALI_ROLE=ingest): `/healthz`, `/readyz` and `/metrics`
 * (with a viewer's token, as on an api node) and nothing else: no dashboard, no API, no live frames.
 */
export async function buildWorkerApi(options: WorkerApiOptions): Promise<FastifyInstance> {
  const app = Fastify({
    ...(typeof options.logger === 'object' ? { loggerInstance: options.logger } : { logger: options.logger ?? false }),
    forceCloseConnections: true,
    disableRequestLogging: true,
    frameworkErrors: answerFrameworkError,
    // Typed as plain HTTP either way, as the full API's server.
    ...((options.https ? { https: { cert: options.https.cert, key: options.https.key } } : {}) as object),
  });
  installErrorHandling(app);
  const { pipeline, telemetry, rejections, live, registry, disk, tokens, sessions, displays } = options.services;
  await app.register(auth, { tokens, sessions, displays, brokerHookSecret: null });
  await app.register(healthPlugin, {
    checks: {
      store: () => {
        const { ok, detail } = storageStatus(telemetry);
        return { ok, detail };
      },
      ...options.readiness,
      disk: () => ({ ok: disk.usage()?.level !== 'critical', detail: disk.describe() }),
    },
  });
  await app.register(metricsPlugin, { pipeline, telemetry, rejections, live, registry, clock: options.clock, ...(options.gauges ? { gauges: options.gauges } : {}) });
  return app;
}
