import swagger from '@fastify/swagger';
import swaggerUi from '@fastify/swagger-ui';
import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import type { FastifyInstance } from 'fastify';
import type { Core, TelemetryPipeline } from '@kendali/ingest';
import { createHttpServer, type HttpServerOptions } from './http-server';
import { dashboardPlugin } from './plugins/dashboard';
import { backupRoutes } from './admin/backup-routes';
import { alarmRuleRoutes } from './alarms/alarm-rule-routes';
import { alarmRoutes } from './alarms/alarm-routes';
import { kindRoutes } from './kinds/kind-routes';
import { commandRoutes } from './commands/command-routes';
import { settingsRoutes } from './settings/settings-routes';
import { auth } from './auth/auth-plugin';
import { emqxRoutes, type BrokerHookPolicy } from './broker-hooks/emqx-routes';
import { auditRoutes } from './audit/audit-routes';
import { auditTrail } from './audit/audit-trail';
import { signInRoutes } from './auth/sign-in-routes';
import { oidcRoutes, type OidcSettings } from './auth/oidc-routes';
import { tokenRoutes } from './auth/token-routes';
import { displayRoutes } from './auth/display-routes';
import { liveDeviceRoutes } from './devices/live-device-routes';
import { userRoutes } from './auth/user-routes';
import { deviceRoutes } from './devices/device-routes';
import { deviceStreamRoutes } from './devices/device-stream-routes';
import { deviceTransferRoutes } from './devices/device-transfer-routes';
import { pendingRoutes, type PendingRoutesOptions } from './devices/pending-routes';
import { citiesPlugin } from './plugins/cities';
import { exportPlugin, type ExportTally } from './plugins/export';
import { infoPlugin } from './plugins/info';
import { proxyHeaders } from './plugins/proxy-headers';
import { securityHeaders } from './plugins/security-headers';
import { acceptAbsentOptionalBody } from './optional-body';
import { requestLogging } from './request-logging';
import { requestValidatorCompiler } from './request-validation';
import { documentDefaultsAsOptional, documentRouteAnswers } from './route-answers';
import { healthPlugin, type ReadinessCheck } from './plugins/health';
import { nodeReadinessChecks } from './plugins/node-readiness';
import { livePlugin } from './plugins/live';
import { metricsPlugin, type MetricsPluginOptions } from './plugins/metrics';
import { httpRequestDurations, requestTimings } from './plugins/health-histograms';
import { telemetryPlugin } from './plugins/telemetry';
import { historyRoutes } from './history/history-routes';
import { rollupRoutes } from './history/rollup-routes';
import { reportRoutes } from './reports/report-routes';
import { builtInCities, defaultCityId, type City, type Clock, type PlatformInfo } from '@kendali/contracts';

/** The core's services the API reads and changes: each plugin below is given only those it uses. */
export type ApiServices = Omit<Core, 'close' | 'pipeline'> & { readonly pipeline: Pick<TelemetryPipeline, 'messagesReceived' | 'on' | 'off'> };

export interface ApiOptions extends HttpServerOptions {
  readonly services: ApiServices;
  /** Where "now" comes from (default ranges, the current shift): the same clock ingest was given. */
  readonly clock: Clock;
  /** Folder of the built dashboard; absent = no dashboard routes. */
  readonly dashboardDir?: string;
  readonly readiness?: Readonly<Record<string, ReadinessCheck>>;
  readonly gauges?: MetricsPluginOptions['gauges'];
  readonly counters?: MetricsPluginOptions['counters'];
  readonly liveHeartbeatMs?: number;
  /** How often open streams are checked against their credential (revoked, expired), ms (default 1 s). */
  readonly followCredentialsEveryMs?: number;
  /** Where devices connect; known only once the broker listens, hence a function. */
  readonly info?: () => PlatformInfo;
  /** The cities the room watches, its own first, whose zone is the room's clock (default: the built-in default city). */
  readonly cities?: readonly City[];
  readonly onPendingApproved?: PendingRoutesOptions['onApproved'];
  readonly onPendingRejected?: PendingRoutesOptions['onRejected'];
  /** Single sign-on through the city's identity provider (OpenID Connect); absent = password sign-in only. */
  readonly oidc?: OidcSettings | null;
  /** Serve an external broker's HTTP hooks (EMQX) with these rules to the broker presenting this secret; absent = off. */
  readonly brokerHooks?: { readonly secret: string; readonly policy: BrokerHookPolicy };
}

/** Builds the HTTP API (not listening: the composition root decides where). */
export async function buildApi(options: ApiOptions): Promise<FastifyInstance> {
  const app = createHttpServer(options).withTypeProvider<TypeBoxTypeProvider>();

  app.setValidatorCompiler(requestValidatorCompiler());
  await app.register(proxyHeaders, { httpsOnly: options.https !== undefined, ...(options.trustProxy ? { trustProxy: options.trustProxy } : {}) });
  await app.register(securityHeaders);
  app.addHook('onRoute', documentRouteAnswers);
  app.addHook('onRoute', acceptAbsentOptionalBody);
  await app.register(requestLogging);
  const httpDurations = httpRequestDurations();
  await app.register(requestTimings, { durations: httpDurations });
  await app.register(swagger, {
    openapi: {
      // 3.1: its Schema Object is JSON Schema 2020-12, which TypeBox writes (`type: "null"`, numeric `exclusiveMinimum`).
      openapi: '3.1.0',
      info: {
        title: 'Kendali API',
        description: 'Smart-city control-room telemetry: devices, readings, live frames, health.',
        version: '0.1.0',
      },
      tags: [
        { name: 'devices', description: 'Device registry and rejections' },
        { name: 'auth', description: 'API tokens and roles' },
        { name: 'displays', description: 'Wall screens: pairing by code, their display credentials, revocation' },
        { name: 'alarms', description: 'Alarms, their lifecycle and rules' },
        { name: 'commands', description: 'Commands to devices and their answers' },
        { name: 'settings', description: "Devices' settings: desired, reported, and whether they agree" },
        { name: 'telemetry', description: 'Stored readings' },
        { name: 'live', description: 'Live frames' },
        { name: 'health', description: 'Health, readiness, metrics' },
        { name: 'admin', description: 'Backups of the whole state' },
        { name: 'city', description: 'The cities served: districts and their boundaries, time zone, water gates' },
        { name: 'reports', description: 'Daily and monthly reports for executives, as PDF' },
        { name: 'kinds', description: 'Device profiles: the kinds of device, their fields, rules and commands, versioned' },
        { name: 'broker', description: "An external MQTT broker's questions (EMQX's HTTP authentication and authorisation), answered with the registry and the topic rules" },
      ],
      components: {
        securitySchemes: {
          bearer: { type: 'http', scheme: 'bearer', description: "An API token, or a wall screen's display credential (routes the wall reads only): `Authorization: Bearer <token>`" },
          token: { type: 'apiKey', in: 'query', name: 'token', description: "An API token or a wall screen's display credential in the URL, on GET only (wall displays, EventSource)" },
          session: {
            type: 'apiKey',
            in: 'cookie',
            name: 'kendali_session',
            description: 'The session cookie set by POST /api/auth/login; writes with it also need the X-CSRF-Token header from the sign-in answer',
          },
          brokerHook: { type: 'http', scheme: 'bearer', description: 'The secret an external MQTT broker sends on its hooks: `Authorization: Bearer <KENDALI_BROKER_HOOK_SECRET>`' },
        },
      },
      // Each operation says which schemes it takes (none on public routes): see route-answers.ts.
    },
    transform: documentDefaultsAsOptional,
  });
  await app.register(swaggerUi, {
    routePrefix: '/docs',
    // Swagger UI adds a <style> element of its own: only its pages allow inline styles.
    transformStaticCSP: (header) => header.replace("style-src 'self'", "style-src 'self' 'unsafe-inline'"),
  });

  const { registry, kinds, profileTrials, live, alarms, alarmHistory, commands, settings, tokens, audit, users, sessions, signIn, displays, pairings, pending, telemetry, rejections, watch, pipeline, disk, backups } = options.services;
  const cities = options.cities ?? [builtInCities[defaultCityId]!];
  const zone = cities[0]!.zone; // the room's clock: its own city's zone
  await app.register(auth, {
    tokens,
    sessions,
    displays,
    brokerHookSecret: options.brokerHooks?.secret ?? null,
    ...(options.followCredentialsEveryMs ? { followEveryMs: options.followCredentialsEveryMs } : {}),
  });
  await app.register(auditTrail, { audit });
  await app.register(auditRoutes, { audit });
  await app.register(tokenRoutes, { tokens, clock: options.clock });
  await app.register(displayRoutes, { displays, pairings });
  await app.register(signInRoutes, { signIn, sessions });
  await app.register(oidcRoutes, { oidc: options.oidc ?? null, users, sessions, audit, clock: options.clock });
  await app.register(userRoutes, { users, sessions });
  await app.register(healthPlugin, {
    checks: {
      ...nodeReadinessChecks({ telemetry, disk, ...(options.readiness ? { extra: options.readiness } : {}) }),
      // With several nodes, which one evaluates the rules; a node that follows is as ready as the leader:
      // it serves alarms and takes operators' actions. A node alone always evaluates them: nothing to say.
      ...(options.services.sharedDatabase === null
        ? {}
        : { alarms: () => ({ ok: true, detail: alarms.leader ? 'this node evaluates alarm rules (leader)' : 'another node evaluates alarm rules; this one follows its alarms' }) }),
    },
  });
  // Plugins are encapsulated: the live plugin reports its stream count here for the metrics plugin.
  let liveClients = 0;
  const diskGauges: NonNullable<MetricsPluginOptions['gauges']> = {
    kendali_disk_free_bytes: { help: 'Bytes free on the disk holding the data directory', read: () => disk.usage()?.freeBytes ?? 0 },
    kendali_disk_size_bytes: { help: 'Size of the disk holding the data directory, bytes', read: () => disk.usage()?.sizeBytes ?? 0 },
    kendali_store_size_bytes: { help: 'Bytes in the data directory: database, write-ahead log, spool', read: () => disk.usage()?.storeBytes ?? 0 },
    kendali_alarm_leader: { help: '1 while this node evaluates alarm rules (the only one that raises and clears), else 0', read: () => (alarms.leader ? 1 : 0) },
  };
  const exportTally: ExportTally = { exports: { csv: 0, parquet: 0, xlsx: 0 }, rows: 0 };
  await app.register(metricsPlugin, {
    pipeline,
    telemetry,
    rejections,
    live,
    registry,
    clock: options.clock,
    httpDurations,
    liveClients: () => liveClients,
    exports: exportTally,
    gauges: { ...diskGauges, ...options.gauges },
    ...(options.counters ? { counters: options.counters } : {}),
  });
  await app.register(deviceRoutes, { registry, live, rejections });
  await app.register(liveDeviceRoutes, { registry, live });
  await app.register(deviceTransferRoutes, { registry, kinds });
  await app.register(pendingRoutes, {
    pending,
    registry,
    ...(options.onPendingApproved ? { onApproved: options.onPendingApproved } : {}),
    ...(options.onPendingRejected ? { onRejected: options.onPendingRejected } : {}),
  });
  const info = options.info ?? (() => ({ mqtt: { host: '127.0.0.1', tcpPort: 1883, tlsPort: null, webSocketPath: '/mqtt' }, version: '0.1.0' }));
  await app.register(infoPlugin, { info });
  await app.register(backupRoutes, { backups, kendaliVersion: () => info().version });
  await app.register(citiesPlugin, { cities });
  await app.register(deviceStreamRoutes, { registry, watch, rejections, ...(options.liveHeartbeatMs ? { heartbeatMs: options.liveHeartbeatMs } : {}) });
  await app.register(telemetryPlugin, { registry, kinds, telemetry, clock: options.clock, zone });
  await app.register(exportPlugin, { devices: () => registry.list(), kinds, cities, telemetry, clock: options.clock, zone, tally: exportTally });
  await app.register(historyRoutes, { registry, kinds, telemetry, cities, clock: options.clock, zone });
  await app.register(rollupRoutes, { telemetry, kinds, zone });
  await app.register(alarmRoutes, { alarms, alarmHistory, clock: options.clock, zone });
  await app.register(alarmRuleRoutes, { alarms, alarmHistory });
  await app.register(kindRoutes, { kinds, profileTrials });
  await app.register(commandRoutes, { commands });
  await app.register(settingsRoutes, { settings });
  await app.register(emqxRoutes, { policy: options.brokerHooks?.policy ?? null });
  await app.register(reportRoutes, { sources: { devices: () => registry.list(), kinds, telemetry, alarmHistory, cities, clock: options.clock } });
  await app.register(livePlugin, {
    live,
    kinds,
    onClientCount: (open) => (liveClients = open),
    ...(options.liveHeartbeatMs ? { heartbeatMs: options.liveHeartbeatMs } : {}),
  });
  if (options.dashboardDir !== undefined) await app.register(dashboardPlugin, { root: options.dashboardDir });
  return app;
}
