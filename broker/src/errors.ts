/**
 * Errors the broker raises. An error from an Aedes authorize hook drops the client's connection,
 * so these are raised only for ACL violations, for a store that could not make a reading durable
 * (dropping the connection withholds the PUBACK, and the device sends the message again) and for a
 * client that leaves too many QoS 2 exchanges open.
 */
export const brokerErrors = {
  KENDALI_ERR_TOPIC_FORBIDDEN: 'Clients may publish only to kendali/v1/devices/{deviceId}/telemetry, /status, /commands/result and /settings/reported.',
  KENDALI_ERR_TOPIC_NOT_OWN: 'A device may publish only under its own device id.',
  KENDALI_ERR_STORE_FAILED: 'The reading could not be stored; it was not acknowledged and must be sent again.',
  KENDALI_ERR_EXTERNAL_BROKER: 'The external MQTT broker (KENDALI_MQTT_URL) refused or did not answer what Kendali asked of it; check the broker and the rights of KENDALI_MQTT_USERNAME.',
  KENDALI_ERR_PUBREL_WINDOW: 'Too many QoS 2 messages await their PUBREL; complete those exchanges (send PUBREL for each PUBREC) before sending more.',
} as const;

export type BrokerErrorCode = keyof typeof brokerErrors;

export class BrokerError extends Error {
  constructor(
    readonly code: BrokerErrorCode,
    detail: string,
  ) {
    super(`${code}: ${brokerErrors[code]} ${detail}`);
    this.name = 'BrokerError';
  }
}
