import type { MessageKey } from '../i18n/messages';

/** The API's stable error codes (README, Errors) a person at the dashboard can meet, with their label. */
const problemLabels: Readonly<Record<string, MessageKey>> = {
  KENDALI_ERR_REQUEST_INVALID: 'problemRequestInvalid',
  KENDALI_ERR_AUTH_REQUIRED: 'problemAuthRequired',
  KENDALI_ERR_AUTH_INVALID: 'problemAuthInvalid',
  KENDALI_ERR_FORBIDDEN: 'problemForbidden',
  KENDALI_ERR_DEVICE_EXISTS: 'problemDeviceExists',
  KENDALI_ERR_DEVICE_NOT_FOUND: 'problemDeviceNotFound',
  KENDALI_ERR_PENDING_NOT_FOUND: 'problemPendingNotFound',
  KENDALI_ERR_TOKEN_NOT_FOUND: 'problemTokenNotFound',
  KENDALI_ERR_ALARM_NOT_FOUND: 'problemAlarmNotFound',
  KENDALI_ERR_FIELD_UNKNOWN: 'problemFieldUnknown',
  KENDALI_ERR_RANGE_INVALID: 'problemRangeInvalid',
  KENDALI_ERR_STORE_UNAVAILABLE: 'problemStoreUnavailable',
  KENDALI_ERR_INTERNAL: 'problemInternal',
  KENDALI_ERR_SETTING_UNKNOWN: 'problemSettingUnknown',
  KENDALI_ERR_SETTING_VALUE: 'problemSettingValue',
  KENDALI_ERR_DEVICE_DISABLED: 'problemDeviceDisabled',
};

/**
 * The API answers in English with specifics (which field, which id). The page says what went wrong
 * in the reader's language from the error's code, and keeps the server's own words as detail.
 */
export function problemLabel(code: string): MessageKey | undefined {
  return Object.hasOwn(problemLabels, code) ? problemLabels[code] : undefined;
}
