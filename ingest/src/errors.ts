/**
 * Ingest's error catalogue: what the core raises to its callers (the API, the platform), each with
 * a stable code and what to do about it. Messages sent to devices are contracts' rejection codes.
 */
export const ingestErrors = {
  KENDALI_ERR_DEVICE_EXISTS: 'A device with this id is already registered; update it instead.',
  KENDALI_ERR_DEVICE_NOT_FOUND: 'No device with this id is registered.',
  KENDALI_ERR_DISTRICT_UNKNOWN: "The device's district is not a district of the cities the room watches; the message lists them.",
  KENDALI_ERR_RULES_INVALID: 'The alarm rules document does not match its schema; nothing was changed.',
  KENDALI_ERR_SPOOL_CLOSED: 'The spool is closing; the append was not stored and the publisher sends it again.',
  KENDALI_ERR_SPOOL_DAMAGED: 'A spool file is damaged (a segment past its CRC, or an unreadable checkpoint); see the file named.',
  KENDALI_ERR_INFLUX_QUERY: 'InfluxDB answered an InfluxQL query with an error.',
} as const;

export type IngestErrorCode = keyof typeof ingestErrors;

/** An error of the catalogue: `code` is stable, the message says what happened to what. */
export class IngestError extends Error {
  constructor(
    readonly code: IngestErrorCode,
    message: string,
  ) {
    super(message);
    this.name = 'IngestError';
  }
}
