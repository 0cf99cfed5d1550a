import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { z } from 'zod';
import proxyAddr from '@fastify/proxy-addr';
import { builtInCities, CityDataError, cityEntries, defaultCityId, reportLanguages, reportPeriodKinds, selectCities, type City, type ReportLanguage, type ReportPeriodKind } from '@kendali/contracts';
import type { OidcSettings } from '@kendali/api';
import { maxIngestConnections } from '@kendali/broker';
import { maxDrillPace, parseScenarioList, type ScenarioName } from '@kendali/simulators';
import { oidcConfig, oidcSettingsSchema } from './oidc-config';
import { httpTlsSettings, mqttTlsSettings, readTlsPair, TlsPairError, type TlsFiles, type TlsSettings } from './tls-pair';

const port = (fallback: number) =>
  z.coerce
    .number({ error: 'must be a port number' })
    .int('must be a whole number')
    .min(0, 'must be 0-65535 (0 picks a free port)')
    .max(65_535, 'must be 0-65535 (0 picks a free port)')
    .default(fallback);

const flag = (fallback: boolean) =>
  z
    .enum(['1', '0', 'true', 'false', 'yes', 'no', 'on', 'off'], { error: 'must be 1 or 0' })
    .default(fallback ? '1' : '0')
    .transform((value) => ['1', 'true', 'yes', 'on'].includes(value));

const retentionUnitsMs = { h: 3_600_000, d: 86_400_000 } as const;
/** The oldest reading ingest accepts is 7 days old: raw readings must outlive it, so each is rolled up before it may go. */
const minRawRetentionDays = 8;

/** A retention such as 30d or 720h, in ms. */
const retention = (fallback: string) =>
  z
    .string()
    .default(fallback)
    .transform((value, context) => {
      const match = /^(\d+)([hd])$/.exec(value.trim());
      if (match === null || Number(match[1]) === 0) {
        context.addIssue({ code: 'custom', message: 'must be a duration in whole days or hours, such as 30d or 720h' });
        return z.NEVER;
      }
      return Number(match[1]) * retentionUnitsMs[match[2] as keyof typeof retentionUnitsMs];
    });

const durationUnitsMs = { s: 1_000, m: 60_000, h: 3_600_000, d: 86_400_000 } as const;
const maxDurationMs = 7 * 86_400_000; // 7 days: the longest an alarm rule may wait

/** A duration in its largest whole unit: 60000 → 1m, 86400000 → 1d. */
const durationText = (ms: number) => {
  const [unit, unitMs] = Object.entries(durationUnitsMs).reverse().find(([, size]) => ms % size === 0) ?? ['s', 1_000];
  return `${ms / unitMs}${unit}`;
};

/** A duration such as 90s, 10m, 2h or 1d, in ms, from `minMs` (default a second) to `maxMs` (default 7 days). */
const duration = (fallback: string, minMs = 1_000, maxMs = maxDurationMs) =>
  z
    .string()
    .default(fallback)
    .transform((value, context) => {
      const match = /^(\d+)([smhd])$/.exec(value.trim());
      const ms = match === null ? 0 : Number(match[1]) * durationUnitsMs[match[2] as keyof typeof durationUnitsMs];
      if (ms < minMs || ms > maxMs) {
        context.addIssue({ code: 'custom', message: `must be a duration from ${durationText(minMs)} to ${durationText(maxMs)} in whole seconds, minutes, hours or days, such as 90s, 10m or 2h` });
        return z.NEVER;
      }
      return ms;
    });

const maxProxyHops = 10;

/**
 * KENDALI_TRUST_PROXY: `off`, a number of proxy hops, or the proxies' addresses and CIDR ranges
 * (`loopback`, `linklocal` and `uniquelocal` name the usual ranges), comma-separated.
 */
const trustProxy = z
  .string()
  .default('off')
  .transform((value, context): readonly string[] | number | null => {
    const text = value.trim();
    if (text === 'off') return null;
    if (/^\d+$/.test(text)) {
      const hops = Number(text);
      if (hops >= 1 && hops <= maxProxyHops) return hops;
      context.addIssue({ code: 'custom', message: `must be off, a number of proxy hops from 1 to ${maxProxyHops}, or the proxies' addresses` });
      return z.NEVER;
    }
    const addresses = text.split(',').map((entry) => entry.trim()).filter((entry) => entry !== '');
    try {
      proxyAddr.compile(addresses);
    } catch (error) {
      context.addIssue({ code: 'custom', message: `${error instanceof Error ? error.message : String(error)}; must be off, a number of proxy hops, or the proxies' addresses and CIDR ranges, comma-separated (e.g. 127.0.0.1,10.0.0.0/8)` });
      return z.NEVER;
    }
    return addresses;
  });

/** Every setting, each an environment variable (README "Settings" lists them with their meaning). */
const settingsSchema = z.object({
  KENDALI_HOST: z.string().min(1).default('127.0.0.1'),
  KENDALI_MQTT_PORT: port(1883),
  KENDALI_HTTP_PORT: port(8080),
  KENDALI_HTTP_TLS_CERT: z.string().min(1).optional(),
  KENDALI_HTTP_TLS_KEY: z.string().min(1).optional(),
  KENDALI_TRUST_PROXY: trustProxy,
  KENDALI_DATA_DIR: z.string().min(1).default('./data'),
  KENDALI_LOG_LEVEL: z.enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent']).default('info'),
  KENDALI_MAX_PAYLOAD_BYTES: z.coerce.number().int().min(256, 'must be at least 256').max(16 * 1024 * 1024, 'must be at most 16 MiB').default(64 * 1024),
  KENDALI_MQTT_MAX_PACKET_BYTES: z.coerce.number().int().min(1024, 'must be at least 1024').max(256 * 1024 * 1024).default(256 * 1024),
  KENDALI_MQTT_MAX_CONNECT_BYTES: z.coerce
    .number({ error: 'must be a number of bytes' })
    .int('must be a whole number of bytes')
    .min(256, 'must be at least 256 (room for a CONNECT with credentials)')
    .max(64 * 1024, 'must be at most 65536: it bounds what an unauthenticated connection may make the broker hold')
    .default(4 * 1024),
  KENDALI_MQTT_CONNECT_TIMEOUT_MS: z.coerce
    .number({ error: 'must be a number of milliseconds' })
    .int('must be a whole number of milliseconds')
    .min(100, 'must be at least 100 ms')
    .max(60_000, 'must be at most 60000 ms (a minute): a stalled CONNECT holds a socket until then')
    .default(5_000),
  KENDALI_LIVE_FRAME_MS: z.coerce
    .number({ error: 'must be a number of milliseconds' })
    .int('must be a whole number of milliseconds')
    .min(50, 'must be at least 50 ms (20 frames a second)')
    .max(1_000, 'must be at most 1000 ms: a wall would show readings a second late')
    .default(250),
  KENDALI_MQTT_TLS_PORT: z.coerce.number({ error: 'must be a port number' }).int().min(0).max(65_535, 'must be 0-65535 (0 picks a free port)').optional(),
  KENDALI_TLS_CERT: z.string().min(1).optional(),
  KENDALI_TLS_KEY: z.string().min(1).optional(),
  KENDALI_ADMIN_TOKEN: z.string().min(24, 'must be at least 24 characters (use a random string)').optional(),
  KENDALI_ADMIN_PASSWORD: z.string().min(12, 'must be at least 12 characters').optional(),
  KENDALI_SESSION_IDLE: duration('30m', 60_000, 86_400_000),
  KENDALI_SESSION_MAX: duration('12h', 60_000),
  KENDALI_DISCOVERY: flag(false),
  KENDALI_PROVISIONING_KEY: z.string().min(16, 'must be at least 16 characters').optional(),
  KENDALI_ALARM_WEBHOOKS: z
    .string()
    .transform((value) => value.split(',').map((url) => url.trim()).filter((url) => url !== ''))
    .pipe(z.array(z.url({ protocol: /^https?$/, error: 'must be comma-separated http(s) URLs' })))
    .default([]),
  KENDALI_ALARM_WEBHOOK_SECRET: z.string().min(16, 'must be at least 16 characters').optional(),
  KENDALI_REPORTS: z
    .string()
    .transform((value) => (value.trim() === 'off' ? [] : [...new Set(value.split(',').map((kind) => kind.trim()).filter((kind) => kind !== ''))]))
    .pipe(z.array(z.enum(reportPeriodKinds, { error: 'must be daily, monthly, both comma-separated, or off' })))
    .default([...reportPeriodKinds]),
  KENDALI_REPORTS_LANG: z.enum(reportLanguages, { error: 'must be id (Bahasa Indonesia) or en' }).default('id'),
  KENDALI_REPORT_WEBHOOKS: z
    .string()
    .transform((value) => value.split(',').map((url) => url.trim()).filter((url) => url !== ''))
    .pipe(z.array(z.url({ protocol: /^https?$/, error: 'must be comma-separated http(s) URLs' })))
    .default([]),
  KENDALI_SIMULATE: flag(true),
  KENDALI_SIMULATE_DEVICES: z.coerce.number().int().min(1, 'must be at least 1').max(100_000).default(200),
  KENDALI_SIMULATE_RATE: z.coerce.number().positive('must be above 0 (readings per second per device)').max(100).default(1),
  KENDALI_SIMULATE_SEED: z.coerce.number().int().default(1),
  KENDALI_INFLUX_URL: z.url({ protocol: /^https?$/, error: 'must be the http(s) base URL of InfluxDB, e.g. http://127.0.0.1:8086' }).optional(),
  KENDALI_INFLUX_TOKEN: z.string().min(1).optional(),
  KENDALI_INFLUX_DATABASE: z.string().min(1).default('kendali'),
  KENDALI_INFLUX_ROLLUPS: z.enum(['manage', 'off'], { error: 'must be manage (Kendali keeps retention policies and continuous queries on 1.x) or off' }).default('manage'),
  KENDALI_SPOOL_MAX_BYTES: z.coerce
    .number({ error: 'must be a number of bytes' })
    .int('must be a whole number of bytes')
    .min(64 * 1024, 'must be at least 65536 (64 KiB)')
    .default(1024 * 1024 * 1024), // 1 GiB
  KENDALI_SIMULATE_SCENARIO: z
    .string()
    .default('')
    .transform((value, context): ScenarioName[] => {
      try {
        return parseScenarioList(value);
      } catch (error) {
        context.addIssue({ code: 'custom', message: error instanceof Error ? error.message : String(error) });
        return z.NEVER;
      }
    }),
  KENDALI_CITY: z.string().default(defaultCityId),
  KENDALI_DISK_WARN_FREE_MIB: z.coerce.number({ error: 'must be a number of MiB' }).int('must be a whole number of MiB').min(1, 'must be at least 1').default(2_048),
  KENDALI_DISK_MIN_FREE_MIB: z.coerce.number({ error: 'must be a number of MiB' }).int('must be a whole number of MiB').min(1, 'must be at least 1').default(512),
  KENDALI_RETENTION_RAW: retention('30d'),
  KENDALI_RETENTION_1M: retention('395d'),
  KENDALI_SETTINGS_DRIFT_AFTER: duration('10m'),
  KENDALI_MQTT_URL: z.url({ protocol: /^mqtts?$/, error: 'must be the mqtt:// or mqtts:// URL of an external MQTT v5 broker, e.g. mqtt://127.0.0.1:1883' }).optional(),
  KENDALI_MQTT_USERNAME: z.string().min(1).optional(),
  KENDALI_MQTT_PASSWORD: z.string().min(1).optional(),
  KENDALI_MQTT_DYNAMIC_SECURITY: flag(true),
  KENDALI_BROKER_HOOK_SECRET: z.string().min(24, 'must be at least 24 characters (use a random string)').optional(),
  KENDALI_DATABASE_URL: z.url({ protocol: /^postgres(ql)?$/, error: 'must be the postgres:// or postgresql:// URL of a PostgreSQL database, e.g. postgres://kendali:password@127.0.0.1:5432/kendali' }).optional(),
  KENDALI_ROLE: z.enum(['all', 'ingest', 'api'], { error: 'must be all, ingest or api' }).default('all'),
  KENDALI_NODE_ID: z.string().regex(/^[A-Za-z0-9._-]{1,64}$/, 'must be 1-64 letters, digits, dots, dashes or underscores').optional(),
  KENDALI_INGEST_CONNECTIONS: z.coerce
    .number({ error: 'must be a number of connections' })
    .int('must be a whole number of connections')
    .min(1, 'must be at least 1')
    .max(maxIngestConnections, `must be at most ${maxIngestConnections}`)
    .optional(),
  KENDALI_SIMULATE_SPEED: z.coerce.number().positive('must be above 0 (simulated time per real time; 144 runs a day in 10 minutes)').max(100_000).default(1),
  KENDALI_SIMULATE_DRILL_PACE: z.coerce
    .number({ error: 'must be a number (drill time per real time; 4 plays a drill four times sooner)' })
    .positive('must be above 0 (drill time per real time; 4 plays a drill four times sooner)')
    .max(maxDrillPace, `must be at most ${maxDrillPace}: faster, the posts would jump over the drills' stages`)
    .default(1),
  ...oidcSettingsSchema,
});

/** Every setting's variable name (the README's settings table lists each; deployment files may set only these). */
export const settingNames: readonly string[] = Object.freeze(Object.keys(settingsSchema.shape));

export interface PlatformConfig {
  readonly host: string;
  readonly mqttPort: number;
  readonly httpPort: number;
  /** HTTPS on the HTTP port (dashboard, API, live stream, MQTT over WebSocket), when a certificate and key are set. */
  readonly httpTls: TlsFiles | null;
  /**
   * Which peers may say, in X-Forwarded-For and X-Forwarded-Proto, where a request came from and
   * whether the browser used HTTPS: their addresses, or a number of hops; null = nobody.
   */
  readonly trustProxy: readonly string[] | number | null;
  readonly dataDir: string;
  readonly logLevel: string;
  /** The cities the room watches (KENDALI_CITY), its own first: that city's zone is the room's clock. */
  readonly cities: readonly City[];
  readonly maxPayloadBytes: number;
  readonly maxPacketBytes: number;
  /** Largest MQTT packet before CONNACK, the CONNECT included. */
  readonly maxConnectBytes: number;
  /** Time from accepting an MQTT connection until its CONNACK. */
  readonly connectTimeoutMs: number;
  /** How often a live frame goes out to walls and consoles (an alarm change cuts one at once). */
  readonly liveFrameMs: number;
  /** MQTT over TLS, when a port, certificate and key are all set. */
  readonly tls: { readonly port: number; readonly certFile: string; readonly keyFile: string } | null;
  readonly adminToken: string | null;
  /** The password of the account `admin`, from KENDALI_ADMIN_PASSWORD; null = a first-run password. */
  readonly adminPassword: string | null;
  readonly sessions: { readonly idleMs: number; readonly maxMs: number };
  /** Single sign-on through the city's identity provider (KENDALI_OIDC_*); null = off. */
  readonly oidc: OidcSettings | null;
  readonly discovery: { readonly provisioningKey: string } | null;
  readonly alarmWebhooks: { readonly urls: readonly string[]; readonly secret: string | null };
  /** Scheduled reports (KENDALI_REPORTS; none = off), their language, and where they are POSTed (signed with the alarm webhooks' secret). */
  readonly reports: { readonly kinds: readonly ReportPeriodKind[]; readonly lang: ReportLanguage; readonly webhookUrls: readonly string[] };
  /** Time series to InfluxDB through the local spool; null = the embedded store. */
  readonly influx: { readonly url: string; readonly token: string | null; readonly database: string; readonly spoolMaxBytes: number; readonly rollups: 'manage' | 'off' } | null;
  /** How long the embedded store keeps raw readings and 1-minute roll-ups (hourly ones are kept for good). */
  readonly retention: { readonly rawMs: number; readonly minuteMs: number };
  /** Free space on the data disk below which the wall warns (`lowFreeBytes`) and `/readyz` fails (`criticalFreeBytes`). */
  readonly disk: { readonly lowFreeBytes: number; readonly criticalFreeBytes: number };
  /** How long a device's reported settings may differ from the desired ones before it is in drift (the default settings-drift rule's duration), ms. */
  readonly settingsDriftAfterMs: number;
  /**
   * External broker mode (KENDALI_MQTT_URL): no embedded broker; Kendali takes the devices'
   * messages from this broker as an ingest worker. null = the embedded broker.
   */
  /**
   * PostgreSQL for the state several nodes share (KENDALI_DATABASE_URL): people, sessions, tokens,
   * display credentials and their pairing codes, lock-out counters and the audit log so far. null = everything in the embedded database file.
   */
  readonly databaseUrl: string | null;
  readonly externalMqtt: {
    readonly url: string;
    readonly username: string | undefined;
    readonly password: string | undefined;
    /** The worker's stable MQTT client id (KENDALI_NODE_ID, by default derived from the data directory). */
    readonly nodeId: string;
    /**
     * How many connections an ingest worker opens (KENDALI_INGEST_CONNECTIONS), each a persistent
     * session in the share group: `nodeId` for the first, then `<nodeId>-2`, `<nodeId>-3`, …
     */
    readonly ingestConnections: number;
    /**
     * What this node does (KENDALI_ROLE): `ingest` takes the devices' messages in, stores them and
     * publishes them on the internal feed; `api` serves the API, dashboard, live frames and alarms,
     * fed by that feed; `all` both.
     */
    readonly role: 'all' | 'ingest' | 'api';
    /** Push device accounts to Mosquitto's dynamic-security plugin. */
    readonly dynamicSecurity: boolean;
    /** Serve EMQX's HTTP authentication and authorisation hooks to the broker sending this secret; null = off. */
    readonly brokerHookSecret: string | null;
  } | null;
  readonly simulate: {
    readonly enabled: boolean;
    readonly devices: number;
    readonly ratePerDeviceHz: number;
    readonly seed: number;
    /** Drills for the built-in simulators (KENDALI_SIMULATE_SCENARIO). */
    readonly scenarios: readonly ScenarioName[];
    /** Simulated time per real time. */
    readonly speed: number;
    /** Drill time per real time (KENDALI_SIMULATE_DRILL_PACE). */
    readonly drillPace: number;
  };
}

/** A setting that does not parse: names the variable, what is wrong and how to fix it. */
export class ConfigError extends Error {
  constructor(readonly problems: readonly string[]) {
    super(`Invalid settings:\n${problems.map((problem) => `  ${problem}`).join('\n')}`);
    this.name = 'ConfigError';
  }
}

/** A URL's password (`scheme://user:password@host`) replaced, so a setting that holds one can be shown. */
function withoutPassword(value: string): string {
  return value.replace(/^([a-z][a-z0-9+.-]*:\/\/[^:/@\s]*):[^@\s]*@/i, '$1:(hidden)@');
}

/** Parses the environment once into a validated, frozen config (the only place that reads it). */
export function loadConfig(env: NodeJS.ProcessEnv): PlatformConfig {
  const relevant = Object.fromEntries(Object.entries(env).filter(([key, value]) => key.startsWith('KENDALI_') && value !== ''));
  const parsed = settingsSchema.safeParse(relevant);
  if (!parsed.success) {
    throw new ConfigError(
      parsed.error.issues.map((issue) => {
        const name = String(issue.path[0] ?? 'settings');
        // A secret's value never reaches the terminal or a log, even when it is wrong.
        const shown = /TOKEN|PASSWORD|SECRET|PROVISIONING_KEY/.test(name) ? '(hidden)' : JSON.stringify(withoutPassword(relevant[name] ?? ''));
        return `${name}=${shown}: ${issue.message}. Fix or unset ${name} (README, Settings).`;
      }),
    );
  }
  const s = parsed.data;
  const problems: string[] = [];
  const tlsParts = [s.KENDALI_MQTT_TLS_PORT, s.KENDALI_TLS_CERT, s.KENDALI_TLS_KEY].filter((v) => v !== undefined).length;
  if (tlsParts !== 0 && tlsParts !== 3) {
    problems.push('KENDALI_MQTT_TLS_PORT, KENDALI_TLS_CERT and KENDALI_TLS_KEY go together: set all three (port, PEM certificate file, PEM key file) or none.');
  }
  const httpTls = httpTlsOf(s.KENDALI_HTTP_TLS_CERT, s.KENDALI_HTTP_TLS_KEY, problems);
  const mqttTlsFiles = s.KENDALI_MQTT_TLS_PORT !== undefined && s.KENDALI_TLS_CERT !== undefined && s.KENDALI_TLS_KEY !== undefined ? checkedTlsPair(s.KENDALI_TLS_CERT, s.KENDALI_TLS_KEY, mqttTlsSettings, problems) : null;
  if (s.KENDALI_DISCOVERY && s.KENDALI_PROVISIONING_KEY === undefined) {
    problems.push('KENDALI_DISCOVERY=1 needs KENDALI_PROVISIONING_KEY: the shared key unknown devices present to be listed for approval.');
  }
  if (s.KENDALI_MQTT_MAX_PACKET_BYTES < s.KENDALI_MAX_PAYLOAD_BYTES + 1024) {
    problems.push('KENDALI_MQTT_MAX_PACKET_BYTES must exceed KENDALI_MAX_PAYLOAD_BYTES by at least 1024, so an oversized payload is answered with a reason rather than a dropped connection.');
  }
  if (s.KENDALI_MQTT_MAX_CONNECT_BYTES > s.KENDALI_MQTT_MAX_PACKET_BYTES) {
    problems.push(`KENDALI_MQTT_MAX_CONNECT_BYTES=${s.KENDALI_MQTT_MAX_CONNECT_BYTES} is above KENDALI_MQTT_MAX_PACKET_BYTES=${s.KENDALI_MQTT_MAX_PACKET_BYTES}: the bound before CONNACK must not exceed the packet limit; lower KENDALI_MQTT_MAX_CONNECT_BYTES.`);
  }
  if (s.KENDALI_INFLUX_URL === undefined && (relevant.KENDALI_INFLUX_TOKEN !== undefined || relevant.KENDALI_INFLUX_DATABASE !== undefined || relevant.KENDALI_INFLUX_ROLLUPS !== undefined)) {
    problems.push('KENDALI_INFLUX_TOKEN, KENDALI_INFLUX_DATABASE or KENDALI_INFLUX_ROLLUPS is set but KENDALI_INFLUX_URL is not: set KENDALI_INFLUX_URL to store time series in InfluxDB, or unset them to use the embedded store.');
  }
  if (s.KENDALI_DISK_MIN_FREE_MIB >= s.KENDALI_DISK_WARN_FREE_MIB) {
    problems.push(`KENDALI_DISK_MIN_FREE_MIB=${s.KENDALI_DISK_MIN_FREE_MIB} must be below KENDALI_DISK_WARN_FREE_MIB=${s.KENDALI_DISK_WARN_FREE_MIB}: the wall warns first, readiness fails later; lower KENDALI_DISK_MIN_FREE_MIB or raise KENDALI_DISK_WARN_FREE_MIB.`);
  }
  if (s.KENDALI_RETENTION_RAW < minRawRetentionDays * retentionUnitsMs.d) {
    problems.push(`KENDALI_RETENTION_RAW=${relevant.KENDALI_RETENTION_RAW ?? ''} is below ${minRawRetentionDays}d: readings up to 7 days old are accepted, and each must be rolled up before retention may delete it; set KENDALI_RETENTION_RAW to ${minRawRetentionDays}d or more.`);
  }
  if (s.KENDALI_RETENTION_1M < s.KENDALI_RETENTION_RAW) {
    problems.push(`KENDALI_RETENTION_1M (${s.KENDALI_RETENTION_1M / retentionUnitsMs.h}h) is shorter than KENDALI_RETENTION_RAW (${s.KENDALI_RETENTION_RAW / retentionUnitsMs.h}h): the 1-minute roll-ups must outlive the readings they hold; raise KENDALI_RETENTION_1M or lower KENDALI_RETENTION_RAW.`);
  }
  if (s.KENDALI_MQTT_URL === undefined && s.KENDALI_ROLE !== 'all') {
    problems.push(`KENDALI_ROLE=${s.KENDALI_ROLE} needs KENDALI_MQTT_URL: ingest workers and api nodes meet at an external MQTT broker; set KENDALI_MQTT_URL to it, or unset KENDALI_ROLE to run everything in one process with the embedded broker.`);
  }
  if (s.KENDALI_ROLE !== 'all' && s.KENDALI_INFLUX_URL === undefined) {
    problems.push(`KENDALI_ROLE=${s.KENDALI_ROLE} needs KENDALI_INFLUX_URL: ingest workers store the readings where api nodes read them, and each node's embedded store is its own; set KENDALI_INFLUX_URL to the InfluxDB they share, or unset KENDALI_ROLE to run everything in one process.`);
  }
  if (s.KENDALI_MQTT_URL === undefined && (s.KENDALI_MQTT_USERNAME !== undefined || s.KENDALI_MQTT_PASSWORD !== undefined || s.KENDALI_NODE_ID !== undefined)) {
    problems.push('KENDALI_MQTT_USERNAME, KENDALI_MQTT_PASSWORD or KENDALI_NODE_ID is set but KENDALI_MQTT_URL is not: set KENDALI_MQTT_URL to use an external broker, or unset them to use the embedded one.');
  }
  if (s.KENDALI_INGEST_CONNECTIONS !== undefined && s.KENDALI_MQTT_URL === undefined) {
    problems.push('KENDALI_INGEST_CONNECTIONS is set but KENDALI_MQTT_URL is not: the embedded broker hands messages to ingest without connections; set KENDALI_MQTT_URL to use an external broker, or unset KENDALI_INGEST_CONNECTIONS.');
  }
  if (s.KENDALI_MQTT_URL !== undefined && relevant.KENDALI_SIMULATE !== undefined && s.KENDALI_SIMULATE) {
    problems.push('KENDALI_SIMULATE=1 does not work with KENDALI_MQTT_URL yet: the simulated fleet has no accounts in the external broker; set KENDALI_SIMULATE=0 and run `pnpm simulate -- --url` against the broker.');
  }
  if (s.KENDALI_BROKER_HOOK_SECRET !== undefined) problems.push(...brokerHookProblems(s));
  const cities = citiesOf(s.KENDALI_CITY, problems);
  const oidc = oidcConfig(s, relevant, problems);
  if (problems.length > 0) throw new ConfigError(problems);
  const dataDir = resolve(s.KENDALI_DATA_DIR);
  return Object.freeze({
    host: s.KENDALI_HOST,
    mqttPort: s.KENDALI_MQTT_PORT,
    httpPort: s.KENDALI_HTTP_PORT,
    httpTls,
    trustProxy: s.KENDALI_TRUST_PROXY === null || typeof s.KENDALI_TRUST_PROXY === 'number' ? s.KENDALI_TRUST_PROXY : Object.freeze([...s.KENDALI_TRUST_PROXY]),
    dataDir,
    logLevel: s.KENDALI_LOG_LEVEL,
    cities: Object.freeze(cities),
    maxPayloadBytes: s.KENDALI_MAX_PAYLOAD_BYTES,
    maxPacketBytes: s.KENDALI_MQTT_MAX_PACKET_BYTES,
    maxConnectBytes: s.KENDALI_MQTT_MAX_CONNECT_BYTES,
    connectTimeoutMs: s.KENDALI_MQTT_CONNECT_TIMEOUT_MS,
    liveFrameMs: s.KENDALI_LIVE_FRAME_MS,
    tls: s.KENDALI_MQTT_TLS_PORT !== undefined && mqttTlsFiles !== null ? Object.freeze({ port: s.KENDALI_MQTT_TLS_PORT, ...mqttTlsFiles }) : null,
    adminToken: s.KENDALI_ADMIN_TOKEN ?? null,
    adminPassword: s.KENDALI_ADMIN_PASSWORD ?? null,
    sessions: Object.freeze({ idleMs: s.KENDALI_SESSION_IDLE, maxMs: s.KENDALI_SESSION_MAX }),
    oidc,
    discovery: s.KENDALI_DISCOVERY && s.KENDALI_PROVISIONING_KEY ? Object.freeze({ provisioningKey: s.KENDALI_PROVISIONING_KEY }) : null,
    alarmWebhooks: Object.freeze({ urls: Object.freeze([...s.KENDALI_ALARM_WEBHOOKS]), secret: s.KENDALI_ALARM_WEBHOOK_SECRET ?? null }),
    reports: Object.freeze({
      kinds: Object.freeze([...s.KENDALI_REPORTS]),
      lang: s.KENDALI_REPORTS_LANG,
      webhookUrls: Object.freeze([...s.KENDALI_REPORT_WEBHOOKS]),
    }),
    influx: s.KENDALI_INFLUX_URL
      ? Object.freeze({
          url: s.KENDALI_INFLUX_URL.replace(/\/+$/, ''),
          token: s.KENDALI_INFLUX_TOKEN ?? null,
          database: s.KENDALI_INFLUX_DATABASE,
          spoolMaxBytes: s.KENDALI_SPOOL_MAX_BYTES,
          rollups: s.KENDALI_INFLUX_ROLLUPS,
        })
      : null,
    retention: Object.freeze({ rawMs: s.KENDALI_RETENTION_RAW, minuteMs: s.KENDALI_RETENTION_1M }),
    disk: Object.freeze({ lowFreeBytes: s.KENDALI_DISK_WARN_FREE_MIB * 1024 ** 2, criticalFreeBytes: s.KENDALI_DISK_MIN_FREE_MIB * 1024 ** 2 }),
    settingsDriftAfterMs: s.KENDALI_SETTINGS_DRIFT_AFTER,
    databaseUrl: s.KENDALI_DATABASE_URL ?? null,
    externalMqtt: s.KENDALI_MQTT_URL
      ? Object.freeze({
          url: s.KENDALI_MQTT_URL,
          username: s.KENDALI_MQTT_USERNAME,
          password: s.KENDALI_MQTT_PASSWORD,
          nodeId: s.KENDALI_NODE_ID ?? nodeIdOf(dataDir),
          ingestConnections: s.KENDALI_INGEST_CONNECTIONS ?? defaultIngestConnections,
          role: s.KENDALI_ROLE,
          dynamicSecurity: s.KENDALI_MQTT_DYNAMIC_SECURITY,
          brokerHookSecret: s.KENDALI_BROKER_HOOK_SECRET ?? null,
        })
      : null,
    simulate: Object.freeze({
      enabled: s.KENDALI_SIMULATE && s.KENDALI_MQTT_URL === undefined,
      devices: s.KENDALI_SIMULATE_DEVICES,
      ratePerDeviceHz: s.KENDALI_SIMULATE_RATE,
      seed: s.KENDALI_SIMULATE_SEED,
      scenarios: Object.freeze(s.KENDALI_SIMULATE_SCENARIO),
      speed: s.KENDALI_SIMULATE_SPEED,
      drillPace: s.KENDALI_SIMULATE_DRILL_PACE,
    }),
  });
}

/** KENDALI_HTTP_TLS_CERT and KENDALI_HTTP_TLS_KEY: both or neither, and one pair. */
function httpTlsOf(certSetting: string | undefined, keySetting: string | undefined, problems: string[]): TlsFiles | null {
  if (certSetting === undefined && keySetting === undefined) return null;
  if (certSetting === undefined || keySetting === undefined) {
    problems.push('KENDALI_HTTP_TLS_CERT and KENDALI_HTTP_TLS_KEY go together: set both (PEM certificate file, PEM private key file) to serve HTTPS, or neither for plain HTTP (README, HTTPS).');
    return null;
  }
  return checkedTlsPair(certSetting, keySetting, httpTlsSettings, problems);
}

/** A certificate and key that must be readable PEM and one pair (checked here, read again at start and on SIGHUP). */
function checkedTlsPair(certSetting: string, keySetting: string, settings: TlsSettings, problems: string[]): TlsFiles {
  const files = Object.freeze({ certFile: resolve(certSetting), keyFile: resolve(keySetting) });
  try {
    readTlsPair(files, settings);
  } catch (error) {
    if (!(error instanceof TlsPairError)) throw error;
    problems.push(error.message);
  }
  return files;
}

/** KENDALI_BROKER_HOOK_SECRET serves EMQX, which asks Kendali about every client: it needs the external broker, no second account store, and Kendali's own user. */
function brokerHookProblems(s: Pick<z.infer<typeof settingsSchema>, 'KENDALI_MQTT_URL' | 'KENDALI_MQTT_DYNAMIC_SECURITY' | 'KENDALI_MQTT_USERNAME' | 'KENDALI_MQTT_PASSWORD'>): string[] {
  if (s.KENDALI_MQTT_URL === undefined) {
    return ['KENDALI_BROKER_HOOK_SECRET is set but KENDALI_MQTT_URL is not: the hooks answer an external broker (EMQX); set KENDALI_MQTT_URL to it, or unset KENDALI_BROKER_HOOK_SECRET.'];
  }
  const problems: string[] = [];
  if (s.KENDALI_MQTT_DYNAMIC_SECURITY) {
    problems.push("KENDALI_BROKER_HOOK_SECRET is set with KENDALI_MQTT_DYNAMIC_SECURITY on: EMQX asks Kendali's registry about every client, so no account is kept in Mosquitto; set KENDALI_MQTT_DYNAMIC_SECURITY=0.");
  }
  if (s.KENDALI_MQTT_USERNAME === undefined || s.KENDALI_MQTT_PASSWORD === undefined) {
    problems.push("KENDALI_BROKER_HOOK_SECRET needs KENDALI_MQTT_USERNAME and KENDALI_MQTT_PASSWORD: Kendali's own user, whom the hooks let in to take the devices' messages.");
  }
  return problems;
}

/** Enough for concurrent messages to share commits (DuckDB's ~0.7 ms commit, InfluxDB's spool), few enough to be cheap sessions. */
const defaultIngestConnections = 8;

/** A worker's client id from its data directory: the same directory resumes the same broker session. */
const nodeIdOf = (dataDir: string) => `kendali-${createHash('sha256').update(dataDir).digest('hex').slice(0, 16)}`;

/** KENDALI_CITY: built-in ids or city directories (relative to the working directory), read once here. */
function citiesOf(setting: string, problems: string[]): City[] {
  const entries = cityEntries(setting).map((entry) => (builtInCities[entry] === undefined ? resolve(entry) : entry));
  try {
    return selectCities(entries, (directory, fileName) => readFileSync(join(directory, fileName), 'utf8'));
  } catch (error) {
    if (!(error instanceof CityDataError)) throw error;
    problems.push(
      `KENDALI_CITY=${JSON.stringify(setting)}: ${error.message}. Fix the city's files, or set KENDALI_CITY to built-in ids and city directories, comma-separated (README, Cities).`,
    );
    return [];
  }
}
