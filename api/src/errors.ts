import createError from '@fastify/error';

/**
 * The API's error catalogue. Every error leaves as `{ "error": { "code", "message" } }` with the
 * status given here; codes are stable and listed in the README.
 */
export const apiErrors = {
  KENDALI_ERR_REQUEST_INVALID: createError('KENDALI_ERR_REQUEST_INVALID', 'Invalid request: %s', 400),
  KENDALI_ERR_BODY_TOO_LARGE: createError('KENDALI_ERR_BODY_TOO_LARGE', 'The request body is over the size limit of this route', 413),
  KENDALI_ERR_CONTENT_TYPE_UNSUPPORTED: createError('KENDALI_ERR_CONTENT_TYPE_UNSUPPORTED', 'This route takes no body of content type "%s"; /docs lists the types each route takes', 415),
  KENDALI_ERR_NOT_FOUND: createError('KENDALI_ERR_NOT_FOUND', 'No route %s %s', 404),
  KENDALI_ERR_AUTH_REQUIRED: createError('KENDALI_ERR_AUTH_REQUIRED', 'This route needs a token: send "Authorization: Bearer <token>"', 401),
  KENDALI_ERR_AUTH_INVALID: createError('KENDALI_ERR_AUTH_INVALID', 'The token is unknown or revoked', 401),
  KENDALI_ERR_FORBIDDEN: createError('KENDALI_ERR_FORBIDDEN', 'This route needs the %s role; the token has %s', 403),
  KENDALI_ERR_SESSION_ENDED: createError('KENDALI_ERR_SESSION_ENDED', 'The session has ended (signed out, unused too long, past its limit, or the account changed); sign in again', 401),
  KENDALI_ERR_HTTPS_REQUIRED: createError('KENDALI_ERR_HTTPS_REQUIRED', 'This Kendali serves HTTPS only, and the proxy in front of it forwarded a request the browser sent over plain HTTP: open the https:// address (have the proxy redirect http to https)', 403),
  KENDALI_ERR_CSRF: createError('KENDALI_ERR_CSRF', 'A write made with the session cookie must carry the session\'s CSRF token in the X-CSRF-Token header (from the sign-in answer)', 403),
  KENDALI_ERR_SIGN_IN_FAILED: createError('KENDALI_ERR_SIGN_IN_FAILED', 'The username or password is wrong', 401),
  KENDALI_ERR_SIGN_IN_LOCKED: createError('KENDALI_ERR_SIGN_IN_LOCKED', 'Too many failed sign-ins: signing in is locked for %d more seconds', 429),
  KENDALI_ERR_USER_EXISTS: createError('KENDALI_ERR_USER_EXISTS', 'User "%s" already exists; change it with PATCH', 409),
  KENDALI_ERR_USER_NOT_FOUND: createError('KENDALI_ERR_USER_NOT_FOUND', 'No user "%s"', 404),
  KENDALI_ERR_PASSWORD_WEAK: createError('KENDALI_ERR_PASSWORD_WEAK', 'The password may not be used: %s', 400),
  KENDALI_ERR_LAST_ADMIN: createError('KENDALI_ERR_LAST_ADMIN', 'Refused: %s, and the platform must keep one', 409),
  KENDALI_ERR_IMPORT_INVALID: createError('KENDALI_ERR_IMPORT_INVALID', 'Nothing was imported: %d problem(s), each listed with its line in "problems"', 400),
  KENDALI_ERR_DEVICE_EXISTS: createError('KENDALI_ERR_DEVICE_EXISTS', 'Device "%s" is already registered; update it with PUT or PATCH', 409),
  KENDALI_ERR_TOKEN_NOT_FOUND: createError('KENDALI_ERR_TOKEN_NOT_FOUND', 'No token with id "%s"', 404),
  KENDALI_ERR_PENDING_NOT_FOUND: createError('KENDALI_ERR_PENDING_NOT_FOUND', 'No pending device with id "%s"', 404),
  KENDALI_ERR_ALARM_NOT_FOUND: createError('KENDALI_ERR_ALARM_NOT_FOUND', 'No open alarm with id "%s"', 404),
  KENDALI_ERR_DEVICE_NOT_FOUND: createError('KENDALI_ERR_DEVICE_NOT_FOUND', 'No device with id "%s" is registered', 404),
  KENDALI_ERR_COMMAND_UNKNOWN: createError('KENDALI_ERR_COMMAND_UNKNOWN', '%s', 400),
  KENDALI_ERR_COMMAND_PARAMS: createError('KENDALI_ERR_COMMAND_PARAMS', '%s', 400),
  KENDALI_ERR_COMMAND_NO_DEVICES: createError('KENDALI_ERR_COMMAND_NO_DEVICES', '%s', 400),
  KENDALI_ERR_COMMAND_NOT_FOUND: createError('KENDALI_ERR_COMMAND_NOT_FOUND', 'No command with id "%s"', 404),
  KENDALI_ERR_SETTING_UNKNOWN: createError('KENDALI_ERR_SETTING_UNKNOWN', '%s', 400),
  KENDALI_ERR_SETTING_VALUE: createError('KENDALI_ERR_SETTING_VALUE', '%s', 400),
  KENDALI_ERR_DEVICE_DISABLED: createError('KENDALI_ERR_DEVICE_DISABLED', 'Device "%s" is disabled; enable it before changing its settings', 409),
  KENDALI_ERR_DISTRICT_UNKNOWN: createError('KENDALI_ERR_DISTRICT_UNKNOWN', 'Unknown district: %s', 400),
  KENDALI_ERR_KIND_UNKNOWN: createError('KENDALI_ERR_KIND_UNKNOWN', 'Unknown device kind: %s', 404),
  KENDALI_ERR_PROFILE_INVALID: createError('KENDALI_ERR_PROFILE_INVALID', 'The profile does not hold together, nothing was changed: %s', 400),
  KENDALI_ERR_PROFILE_CONFLICT: createError('KENDALI_ERR_PROFILE_CONFLICT', 'The stored readings cannot follow this profile, nothing was changed: %s', 409),
  KENDALI_ERR_FIELD_UNKNOWN: createError('KENDALI_ERR_FIELD_UNKNOWN', 'Device kind %s has no field "%s"; its fields are: %s', 400),
  KENDALI_ERR_SELECTOR_INVALID: createError('KENDALI_ERR_SELECTOR_INVALID', 'Invalid selection: %s', 400),
  KENDALI_ERR_AGGREGATE_UNSUPPORTED: createError('KENDALI_ERR_AGGREGATE_UNSUPPORTED', '%s', 400),
  KENDALI_ERR_RANGE_INVALID: createError('KENDALI_ERR_RANGE_INVALID', 'Invalid time range: %s', 400),
  KENDALI_ERR_BACKUP_RUNNING: createError('KENDALI_ERR_BACKUP_RUNNING', 'A backup is already being taken; ask again once it is done', 409),
  KENDALI_ERR_DASHBOARD_MISSING: createError('KENDALI_ERR_DASHBOARD_MISSING', 'The dashboard is not built; run `pnpm build` and start again', 503),
  KENDALI_ERR_STORE_UNAVAILABLE: createError('KENDALI_ERR_STORE_UNAVAILABLE', 'History cannot be read now: %s. Readings keep arriving in the spool and are not lost', 503),
  KENDALI_ERR_INTERNAL: createError('KENDALI_ERR_INTERNAL', 'Internal error; the server log has the details', 500),
} as const;

export type ApiErrorCode = keyof typeof apiErrors;
