import type { Logger } from 'pino';
import type { ApiOptions } from '@kendali/api';
import { HookPolicy } from '@kendali/broker';
import type { Core } from '@kendali/ingest';
import type { PlatformConfig } from '../config';
import { createMqttAuthenticator } from '../mqtt-authenticator';

type ExternalMqtt = NonNullable<PlatformConfig['externalMqtt']>;

/**
 * EMQX's HTTP authentication and authorisation hooks (KENDALI_BROKER_HOOK_SECRET), or undefined when
 * they are off: devices and observers are decided by the authenticator Kendali's own broker uses
 * (the registry's verified-secret cache makes a reconnect storm cheap), behind a connect guard of
 * their own; Kendali's own user by KENDALI_MQTT_USERNAME and KENDALI_MQTT_PASSWORD. Discovery mode
 * needs the embedded broker.
 */
export function brokerHooks(mqtt: ExternalMqtt, core: Pick<Core, 'tokens' | 'registry' | 'pending' | 'limiters'>, logger: Logger): ApiOptions['brokerHooks'] {
  if (mqtt.brokerHookSecret === null) return undefined;
  const policy = new HookPolicy({
    authenticator: createMqttAuthenticator(core, null),
    service: mqtt.username !== undefined && mqtt.password !== undefined ? { username: mqtt.username, password: mqtt.password } : null,
    deviceEnabled: (deviceId) => core.registry.get(deviceId)?.enabled,
    connectLimiters: core.limiters, // with KENDALI_DATABASE_URL, every api node counts into the same rows
    refused: ({ clientId, username, remoteAddress, reason }) => logger.info({ clientId, username, remoteAddress, reason }, 'mqtt connect refused'),
  });
  return { secret: mqtt.brokerHookSecret, policy };
}
