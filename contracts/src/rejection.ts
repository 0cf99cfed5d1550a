/** Stable codes for messages Kendali refused to store, with the reason sent to the device. */
export const rejectionCodes = {
  KENDALI_ERR_PAYLOAD_TOO_LARGE: 'The payload is larger than the configured limit.',
  KENDALI_ERR_PAYLOAD_MALFORMED: 'The payload is not valid JSON.',
  KENDALI_ERR_PAYLOAD_SHAPE: 'The payload must be a JSON object of fields or an array of such objects.',
  KENDALI_ERR_FIELD_UNKNOWN: 'The message carries a field its device kind does not define.',
  KENDALI_ERR_FIELD_TYPE: 'A field has the wrong type for its device kind.',
  KENDALI_ERR_FIELD_RANGE: 'A field is outside its physically plausible range.',
  KENDALI_ERR_FIELD_VALUE: 'A string field holds a value its device kind does not list.',
  KENDALI_ERR_FIELD_MISSING: 'A field the device kind requires is missing.',
  KENDALI_ERR_SENML_INVALID: 'The payload is not valid SenML JSON (RFC 8428).',
  KENDALI_ERR_SENML_UNMAPPED: 'A SenML record names no field of the device kind, or carries a unit or value type the field does not take.',
  KENDALI_ERR_TIMESTAMP: 'The timestamp is unreadable, too far in the future or too old.',
  KENDALI_ERR_DEVICE_UNKNOWN: 'The device is not registered.',
  KENDALI_ERR_DEVICE_DISABLED: 'The device is disabled in the registry.',
  KENDALI_ERR_DEVICE_PENDING: 'The device awaits approval by an engineer (discovery mode).',
  KENDALI_ERR_STORE_UNAVAILABLE: 'The reading could not be stored; publish it again.',
  KENDALI_ERR_INTERNAL: 'Kendali failed to read the message (a fault of its own, logged); it was not stored, and sending it again gets the same answer.',
  KENDALI_ERR_COMMAND_RESULT_INVALID: 'A command result must be JSON `{ "id", "ok", "detail"? }` naming a command sent to this device that has not expired.',
  KENDALI_ERR_SETTINGS_REPORT_INVALID: 'A settings report must be JSON `{ "version"?, "settings": { name: value } }`; it was not recorded.',
} as const;

export type RejectionCode = keyof typeof rejectionCodes;

