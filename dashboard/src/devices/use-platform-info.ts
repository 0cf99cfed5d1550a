import { useEffect, useState } from 'react';
import { api } from '../telemetry/api-client';
import type { PlatformInfo } from '@kendali/contracts';

export interface BrokerAddress {
  readonly mqtt: PlatformInfo['mqtt'];
  /** True while (or because) `/api/info` gave no answer: the page's host and the default port. */
  readonly guessed: boolean;
}

const defaultMqttPort = 1883; // KENDALI_MQTT_PORT's default

const guess = (): BrokerAddress => ({
  mqtt: { host: window.location.hostname, tcpPort: defaultMqttPort, tlsPort: null, webSocketPath: '/mqtt' },
  guessed: true,
});

/** Where devices connect (`GET /api/info`), for the copy-paste examples. */
export function usePlatformInfo(): BrokerAddress {
  const [address, setAddress] = useState<BrokerAddress>(guess);
  useEffect(() => {
    let cancelled = false;
    api
      .info()
      .then((info) => !cancelled && setAddress({ mqtt: info.mqtt, guessed: false }))
      .catch((error: unknown) => console.warn('Kendali: /api/info not available; broker address guessed', error));
    return () => {
      cancelled = true;
    };
  }, []);
  return address;
}
