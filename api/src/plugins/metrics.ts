import type { FastifyPluginAsync } from 'fastify';
import { Counter, Gauge, Registry, collectDefaultMetrics } from 'prom-client';
import { alarmSeverities, rejectionCodes, type Clock, type RejectionCode } from '@kendali/contracts';
import { storageStatus, type DeviceRegistry, type LiveState, type RejectionLog, type TelemetryPipeline, type TelemetryReads } from '@kendali/ingest';
import type { HttpDurations } from './health-histograms';
import { observePipeline } from './pipeline-histograms';

export interface MetricsPluginOptions {
  readonly pipeline: Pick<TelemetryPipeline, 'messagesReceived' | 'on' | 'off'>;
  readonly telemetry: Pick<TelemetryReads, 'storedCount' | 'commitCount' | 'health' | 'rollupStatus' | 'on' | 'off'>;
  readonly rejections: Pick<RejectionLog, 'byCode'>;
  readonly live: Pick<LiveState, 'onlineCount' | 'alarmCounts' | 'on' | 'off'>;
  readonly registry: Pick<DeviceRegistry, 'size'>;
  /** Decides which alarms are shelved now (they are not counted as open). */
  readonly clock: Clock;
  /** Request durations, observed by a hook on the root instance (see `requestTimings`); registered here. */
  readonly httpDurations?: HttpDurations;
  /** Figures of parts the API does not own (e.g. the broker), read at scrape time. */
  readonly gauges?: Readonly<Record<string, { readonly help: string; readonly read: () => number }>>;
  /** Cumulative figures kept by the composition root, by name (e.g. the internal feed's), as counters. */
  readonly counters?: Readonly<Record<string, { readonly help: string; readonly read: () => number }>>;
  /** Exports written so far, by format, and their rows (the export plugin, a sibling, counts them). */
  readonly exports?: { readonly exports: Readonly<Record<string, number>>; readonly rows: number };
  /** Open /api/live streams, read at scrape time (the live plugin, a sibling, owns them). */
  readonly liveClients?: () => number;
}

/** A Prometheus counter that mirrors a cumulative figure owned elsewhere, advanced at scrape time. */
function mirroredCounter(registry: Registry, name: string, help: string, read: () => number): void {
  let seen = 0;
  new Counter({
    name,
    help,
    registers: [registry],
    collect() {
      const now = read();
      if (now > seen) this.inc(now - seen);
      seen = now;
    },
  });
}

/** `GET /metrics`: Prometheus text exposition of the pipeline and the process. */
export const metricsPlugin: FastifyPluginAsync<MetricsPluginOptions> = async (app, options) => {
  const { pipeline, telemetry, rejections, live, registry: devices, clock, gauges = {}, counters = {}, liveClients = () => 0, exports, httpDurations } = options;
  const registry = new Registry();
  collectDefaultMetrics({ register: registry });
  const stopObserving = observePipeline(registry, { pipeline, telemetry, live });
  app.addHook('onClose', async () => stopObserving());
  if (httpDurations !== undefined) registry.registerMetric(httpDurations);

  mirroredCounter(registry, 'kendali_messages_received_total', 'Telemetry messages received from devices', () => pipeline.messagesReceived);
  mirroredCounter(registry, 'kendali_readings_stored_total', 'Readings durably stored', () => telemetry.storedCount);
  mirroredCounter(registry, 'kendali_store_commits_total', 'Store commits (group commits)', () => telemetry.commitCount);

  if (telemetry.health) {
    // A store behind a spool (InfluxDB): what waits, what went through, what failed.
    const health = () => storageStatus(telemetry);
    const gauge = (name: string, help: string, read: () => number) =>
      new Gauge({ name, help, registers: [registry], collect() { this.set(read()); } });
    gauge('kendali_spool_backlog_readings', 'Readings acknowledged to devices and spooled, not yet confirmed by InfluxDB', () => health().backlogReadings);
    gauge('kendali_spool_backlog_bytes', 'Bytes of the unforwarded spool backlog', () => health().backlogBytes);
    gauge('kendali_spool_waiting_appends', 'Appends held at KENDALI_SPOOL_MAX_BYTES (their PUBACKs wait)', () => health().waitingAppends);
    gauge('kendali_store_up', '1 while the time-series store takes writes, else 0', () => (health().ok ? 1 : 0));
    mirroredCounter(registry, 'kendali_store_forwarded_total', 'Readings confirmed by InfluxDB', () => health().forwardedCount);
    mirroredCounter(registry, 'kendali_store_forward_errors_total', 'Failed InfluxDB write attempts (each retry counts)', () => health().forwardErrorCount);
    mirroredCounter(registry, 'kendali_store_refused_total', 'Readings InfluxDB refused for good (kept in the spool folder as refused.lp)', () => health().refusedCount);
  }

  if (exports !== undefined) {
    mirroredCounter(registry, 'kendali_export_rows_total', 'Rows written by GET /api/export', () => exports.rows);
    const seen = new Map<string, number>();
    new Counter({
      name: 'kendali_exports_total',
      help: 'Exports written by GET /api/export, by format',
      labelNames: ['format'],
      registers: [registry],
      collect() {
        for (const [format, now] of Object.entries(exports.exports)) {
          this.inc({ format }, now - (seen.get(format) ?? 0));
          seen.set(format, now);
        }
      },
    });
  }

  if (telemetry.rollupStatus?.() !== undefined) {
    // A store that keeps roll-ups and applies retention itself (embedded).
    new Gauge({
      name: 'kendali_rollup_lag_seconds',
      help: 'Seconds since the oldest commit whose buckets are not rolled up yet (0 when none waits)',
      registers: [registry],
      collect() {
        this.set(telemetry.rollupStatus?.()?.lagSeconds ?? 0);
      },
    });
    const deletedSeen = { raw: 0, '1m': 0 };
    new Counter({
      name: 'kendali_retention_deleted_rows_total',
      help: 'Rows deleted by retention, by tier (raw readings, 1-minute roll-ups)',
      labelNames: ['tier'],
      registers: [registry],
      collect() {
        const deleted = telemetry.rollupStatus?.()?.retentionDeletedRows;
        if (deleted === undefined) return;
        for (const tier of ['raw', '1m'] as const) {
          this.inc({ tier }, deleted[tier] - deletedSeen[tier]);
          deletedSeen[tier] = deleted[tier];
        }
      },
    });
  }

  const rejectedSeen = new Map<RejectionCode, number>();
  new Counter({
    name: 'kendali_messages_rejected_total',
    help: 'Messages (or batch items) rejected, by reason code',
    labelNames: ['code'],
    registers: [registry],
    collect() {
      for (const code of Object.keys(rejectionCodes) as RejectionCode[]) {
        const now = rejections.byCode.get(code) ?? 0;
        const before = rejectedSeen.get(code) ?? 0;
        this.inc({ code }, now - before);
        rejectedSeen.set(code, now);
      }
    },
  });

  new Gauge({
    name: 'kendali_devices',
    help: 'Registered devices by connection state',
    labelNames: ['state'],
    registers: [registry],
    collect() {
      const online = live.onlineCount();
      this.set({ state: 'online' }, online);
      this.set({ state: 'not_online' }, devices.size - online);
    },
  });

  new Gauge({
    name: 'kendali_alarms_open',
    help: 'Open alarms (active or acknowledged, not cleared, not shelved now) by severity',
    labelNames: ['severity'],
    registers: [registry],
    collect() {
      const counts = live.alarmCounts(clock.now());
      for (const severity of alarmSeverities) this.set({ severity }, counts[severity]);
    },
  });

  new Gauge({
    name: 'kendali_live_clients',
    help: 'Open /api/live streams',
    registers: [registry],
    collect() {
      this.set(liveClients());
    },
  });

  for (const [name, counter] of Object.entries(counters)) mirroredCounter(registry, name, counter.help, counter.read);
  for (const [name, gauge] of Object.entries(gauges)) {
    new Gauge({
      name,
      help: gauge.help,
      registers: [registry],
      collect() {
        this.set(gauge.read());
      },
    });
  }

  const schema = {
    summary: 'Prometheus metrics',
    tags: ['health'],
    response: { 200: { description: 'Prometheus text exposition format 0.0.4', content: { 'text/plain': { schema: { type: 'string' } } } } },
  };
  app.get('/metrics', { config: { role: 'viewer' }, schema }, async (_request, reply) => {
    reply.header('content-type', registry.contentType);
    return registry.metrics();
  });
};
