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
  return Object.freeze({
    host: s.KENDALI_HOST,
    mqttPort: s.KENDALI_MQTT_PORT,
    httpPort: s.KENDALI_HTTP_PORT,
    dataDir: resolve(s.KENDALI_DATA_DIR),
    logLevel: s.KENDALI_LOG_LEVEL,
    maxPayloadBytes: s.KENDALI_MAX_PAYLOAD_BYTES,
    simulate: Object.freeze({
      enabled: s.KENDALI_SIMULATE,
      devices: s.KENDALI_SIMULATE_DEVICES,
      ratePerDeviceHz: s.KENDALI_SIMULATE_RATE,
      seed: s.KENDALI_SIMULATE_SEED,
    }),
  });
}
