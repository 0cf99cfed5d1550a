import { pino, type Logger } from 'pino';
import type { Clock } from '@kendali/contracts';
import { loadConfig, startPlatform, type Platform } from '@kendali/platform';
import { testAdminToken } from './api-client';
import { makeTempDir } from './temp-dir';

export interface TestPlatform {
  readonly platform: Platform;
  /** Stops the platform and removes its data directory. */
  stop(): Promise<void>;
}

/**
 * The whole platform in this process, on free loopback ports, in a fresh data directory, with the
 * test admin token, simulators and scheduled reports off unless `env` says otherwise; silent unless given a `logger`;
 * on the real clock unless given a `clock` (a `manualClock` fixes "now" for ranges that default to it).
 */
export async function startTestPlatform(name: string, env: Record<string, string> = {}, options: { readonly logger?: Logger; readonly clock?: Clock } = {}): Promise<TestPlatform> {
  const data = await makeTempDir(name);
  const config = loadConfig({
    KENDALI_DATA_DIR: data.path,
    KENDALI_HOST: '127.0.0.1',
    KENDALI_HTTP_PORT: '0',
    KENDALI_MQTT_PORT: '0',
    KENDALI_SIMULATE: '0',
    // The scheduled reports would read the real date; their own tests run them on an injected clock.
    KENDALI_REPORTS: 'off',
    KENDALI_ADMIN_TOKEN: testAdminToken,
    ...env,
  });
  try {
    const platform = await startPlatform(config, { logger: options.logger ?? pino({ level: 'silent' }), ...(options.clock ? { clock: options.clock } : {}) });
    return {
      platform,
      stop: async () => {
        await platform.close();
        await data.remove();
      },
    };
  } catch (error) {
    await data.remove();
    throw error;
  }
}
