import { resolve } from 'node:path';
import { z } from 'zod';

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

/** Every setting, each an environment variable (README "Settings" lists them with their meaning). */
const settingsSchema = z.object({
  KENDALI_HOST: z.string().min(1).default('127.0.0.1'),
  KENDALI_MQTT_PORT: port(1883),
  KENDALI_HTTP_PORT: port(8080),
  KENDALI_DATA_DIR: z.string().min(1).default('./data'),
  KENDALI_LOG_LEVEL: z.enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent']).default('info'),
  KENDALI_MAX_PAYLOAD_BYTES: z.coerce.number().int().min(256, 'must be at least 256').max(16 * 1024 * 1024, 'must be at most 16 MiB').default(64 * 1024),
  KENDALI_MQTT_MAX_PACKET_BYTES: z.coerce.number().int().min(1024, 'must be at least 1024').max(256 * 1024 * 1024).default(256 * 1024),
  KENDALI_MQTT_TLS_PORT: z.coerce.number({ error: 'must be a port number' }).int().min(0).max(65_535, 'must be 0-65535 (0 picks a free port)').optional(),
  KENDALI_TLS_CERT: z.string().min(1).optional(),
  KENDALI_TLS_KEY: z.string().min(1).optional(),
  KENDALI_ADMIN_TOKEN: z.string().min(24, 'must be at least 24 characters (use a random string)').optional(),
  KENDALI_DISCOVERY: flag(false),
  KENDALI_PROVISIONING_KEY: z.string().min(16, 'must be at least 16 characters').optional(),
  KENDALI_ALARM_WEBHOOKS: z
    .string()
    .transform((value) => value.split(',').map((url) => url.trim()).filter((url) => url !== ''))
    .pipe(z.array(z.url({ protocol: /^https?$/, error: 'must be comma-separated http(s) URLs' })))
    .default([]),
  KENDALI_ALARM_WEBHOOK_SECRET: z.string().min(16, 'must be at least 16 characters').optional(),
  KENDALI_SIMULATE: flag(true),
  KENDALI_SIMULATE_DEVICES: z.coerce.number().int().min(1, 'must be at least 1').max(100_000).default(200),
  KENDALI_SIMULATE_RATE: z.coerce.number().positive('must be above 0 (readings per second per device)').max(100).default(1),
  KENDALI_SIMULATE_SEED: z.coerce.number().int().default(1),
});

export interface PlatformConfig {
  readonly host: string;
  readonly mqttPort: number;
  readonly httpPort: number;
  readonly dataDir: string;
  readonly logLevel: string;
  readonly maxPayloadBytes: number;
  readonly maxPacketBytes: number;
  /** MQTT over TLS, when a port, certificate and key are all set. */
  readonly tls: { readonly port: number; readonly certFile: string; readonly keyFile: string } | null;
  readonly adminToken: string | null;
  readonly discovery: { readonly provisioningKey: string } | null;
  readonly alarmWebhooks: { readonly urls: readonly string[]; readonly secret: string | null };
  readonly simulate: { readonly enabled: boolean; readonly devices: number; readonly ratePerDeviceHz: number; readonly seed: number };
}

/** A setting that does not parse: names the variable, what is wrong and how to fix it. */
export class ConfigError extends Error {
  constructor(readonly problems: readonly string[]) {
    super(`Invalid settings:\n${problems.map((problem) => `  ${problem}`).join('\n')}`);
    this.name = 'ConfigError';
  }
}

/** Parses the environment once into a validated, frozen config (the only place that reads it). */
export function loadConfig(env: NodeJS.ProcessEnv): PlatformConfig {
  const relevant = Object.fromEntries(Object.entries(env).filter(([key, value]) => key.startsWith('KENDALI_') && value !== ''));
  const parsed = settingsSchema.safeParse(relevant);
  if (!parsed.success) {
    throw new ConfigError(
      parsed.error.issues.map((issue) => {
        const name = String(issue.path[0] ?? 'settings');
        return `${name}=${JSON.stringify(relevant[name] ?? '')}: ${issue.message}. Fix or unset ${name} (README, Settings).`;
      }),
    );
  }
  const s = parsed.data;
  const problems: string[] = [];
  const tlsParts = [s.KENDALI_MQTT_TLS_PORT, s.KENDALI_TLS_CERT, s.KENDALI_TLS_KEY].filter((v) => v !== undefined).length;
  if (tlsParts !== 0 && tlsParts !== 3) {
    problems.push('KENDALI_MQTT_TLS_PORT, KENDALI_TLS_CERT and KENDALI_TLS_KEY go together: set all three (port, PEM certificate file, PEM key file) or none.');
  }
  if (s.KENDALI_DISCOVERY && s.KENDALI_PROVISIONING_KEY === undefined) {
    problems.push('KENDALI_DISCOVERY=1 needs KENDALI_PROVISIONING_KEY: the shared key unknown devices present to be listed for approval.');
  }
  if (s.KENDALI_MQTT_MAX_PACKET_BYTES < s.KENDALI_MAX_PAYLOAD_BYTES + 1024) {
    problems.push('KENDALI_MQTT_MAX_PACKET_BYTES must exceed KENDALI_MAX_PAYLOAD_BYTES by at least 1024, so an oversized payload is answered with a reason rather than a dropped connection.');
  }
  if (problems.length > 0) throw new ConfigError(problems);
  return Object.freeze({
    host: s.KENDALI_HOST,
    mqttPort: s.KENDALI_MQTT_PORT,
    httpPort: s.KENDALI_HTTP_PORT,
    dataDir: resolve(s.KENDALI_DATA_DIR),
    logLevel: s.KENDALI_LOG_LEVEL,
    maxPayloadBytes: s.KENDALI_MAX_PAYLOAD_BYTES,
    maxPacketBytes: s.KENDALI_MQTT_MAX_PACKET_BYTES,
    tls:
      s.KENDALI_MQTT_TLS_PORT !== undefined && s.KENDALI_TLS_CERT && s.KENDALI_TLS_KEY
        ? Object.freeze({ port: s.KENDALI_MQTT_TLS_PORT, certFile: resolve(s.KENDALI_TLS_CERT), keyFile: resolve(s.KENDALI_TLS_KEY) })
        : null,
    adminToken: s.KENDALI_ADMIN_TOKEN ?? null,
    discovery: s.KENDALI_DISCOVERY && s.KENDALI_PROVISIONING_KEY ? Object.freeze({ provisioningKey: s.KENDALI_PROVISIONING_KEY }) : null,
    alarmWebhooks: Object.freeze({ urls: Object.freeze([...s.KENDALI_ALARM_WEBHOOKS]), secret: s.KENDALI_ALARM_WEBHOOK_SECRET ?? null }),
    simulate: Object.freeze({
      enabled: s.KENDALI_SIMULATE,
      devices: s.KENDALI_SIMULATE_DEVICES,
      ratePerDeviceHz: s.KENDALI_SIMULATE_RATE,
      seed: s.KENDALI_SIMULATE_SEED,
    }),
  });
}
