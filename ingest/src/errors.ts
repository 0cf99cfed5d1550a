/**
 * Ingest's error catalogue: what the core raises to its callers (the API, the platform), each with
 * a stable code and what to do about it. Messages sent to devices are contracts' rejection codes.
 */
export const ingestErrors = {
  KENDALI_ERR_DEVICE_EXISTS: 'A device with this id is already registered; update it instead.',
  KENDALI_ERR_DEVICE_NOT_FOUND: 'No device with this id is registered.',
  KENDALI_ERR_DISTRICT_UNKNOWN: "The device's district is not a district of the cities the room watches; the message lists them.",
  KENDALI_ERR_PROFILE_INVALID: 'The device profile does not hold together; the message names each problem with its JSON path. Nothing was changed.',
  KENDALI_ERR_PROFILE_CONFLICT: 'The new profile version changes a field in a way the readings already stored cannot follow (e.g. a type change); the message names the field. Nothing was changed.',
  KENDALI_ERR_PROFILE_CHANGED: 'Another node put a new version of this kind in force first (several nodes share one PostgreSQL); read the kind again and put the change on top of it. Nothing was changed.',
  KENDALI_ERR_KIND_UNKNOWN: 'No device profile defines this kind; GET /api/kinds lists them, PUT /api/kinds/{kind} creates one.',
  KENDALI_ERR_COMMAND_UNKNOWN: "The device's kind has no command of this name; the message lists the commands it has (GET /api/kinds shows each with its parameters).",
  KENDALI_ERR_COMMAND_PARAMS: "The command's parameters break its JSON Schema in the device profile; the message names the JSON path and what is wrong. Nothing was stored or sent.",
  KENDALI_ERR_SETTING_UNKNOWN: "The device's kind has no setting of this name; the message names it with its JSON path and lists the kind's settings (GET /api/kinds shows each with its schema). Nothing was changed.",
  KENDALI_ERR_SETTING_VALUE: "A setting's value breaks its JSON Schema in the device profile; the message names the setting, the JSON path and what is wrong. Nothing was changed.",
  KENDALI_ERR_DEVICE_DISABLED: 'The device is disabled; enable it (PATCH /api/devices/{id}) before changing its settings.',
  KENDALI_ERR_COMMAND_NO_DEVICES: 'The selector matches no registered device; name device ids, a kind or a district that has devices.',
  KENDALI_ERR_USER_EXISTS: 'A person with this username already has an account; change it with PATCH /api/users/{username}.',
  KENDALI_ERR_USER_NOT_FOUND: 'No account has this username.',
  KENDALI_ERR_PASSWORD_WEAK: 'The password may not be used; the message says why (too short, common, or holding the username). Nothing was changed.',
  KENDALI_ERR_LAST_ADMIN: 'This change would leave no enabled admin account; make another admin first.',
  KENDALI_ERR_USER_EXTERNAL: 'The account signs in through the identity provider (OpenID Connect) and has no password here; its password is set there.',
  KENDALI_ERR_RULES_INVALID: 'The alarm rules document does not match its schema; nothing was changed.',
  KENDALI_ERR_SPOOL_CLOSED: 'The spool is closing; the append was not stored and the publisher sends it again.',
  KENDALI_ERR_SPOOL_DAMAGED: 'A spool file is damaged (a segment past its CRC, or an unreadable checkpoint); see the file named.',
  KENDALI_ERR_INFLUX_QUERY: 'InfluxDB answered an InfluxQL query with an error.',
  KENDALI_ERR_BACKUP_RUNNING: 'A backup is already being taken; wait for it to finish and ask again.',
  KENDALI_ERR_BACKUP_INVALID: 'The folder is not a backup this Kendali reads: manifest.json is missing or unreadable, or of another format version.',
  KENDALI_ERR_BACKUP_DAMAGED: 'A file of the backup is missing or differs from the manifest (size or SHA-256); nothing was written.',
  KENDALI_ERR_BACKUP_TARGET_NOT_EMPTY: 'The folder to write the backup into is not empty; name a new or empty folder.',
  KENDALI_ERR_DATA_DIR_NOT_EMPTY: 'A restore goes only into an empty data directory; name a new one or empty this one.',
  KENDALI_ERR_DATA_DIR_IN_USE: 'Another process holds the database of this data directory; back up through its API instead, or stop it.',
  KENDALI_ERR_DATABASE_UNREACHABLE: 'PostgreSQL (KENDALI_DATABASE_URL) could not be reached: check its host, port and that the server runs; the message names where Kendali looked.',
  KENDALI_ERR_DATABASE_REFUSED: 'PostgreSQL (KENDALI_DATABASE_URL) refused Kendali: a wrong user or password, or no such database; fix the URL or create the role and database.',
  KENDALI_ERR_DATABASE_NEWER: 'The PostgreSQL schema was migrated by a newer release of Kendali than this one; run that release or a newer one.',
  KENDALI_ERR_DATA_DIR_EMPTY: 'The data directory holds no Kendali database; name the data directory of a platform that has run.',
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
