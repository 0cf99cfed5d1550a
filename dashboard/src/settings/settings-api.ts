import type { DeviceSettings, SettingsState } from '@kendali/contracts';
import { json } from '../telemetry/api-client';

const settingsPath = (id: string) => `/api/devices/${encodeURIComponent(id)}/settings`;

/** The settings routes as the device page and /ops use them. */
export const settingsApi = {
  get: (deviceId: string) => json<DeviceSettings>(settingsPath(deviceId)),
  /** The whole desired state: a setting left out is no longer desired. */
  put: (deviceId: string, settings: Record<string, unknown>) => json<DeviceSettings>(settingsPath(deviceId), { method: 'PUT', json: { settings } }),
  list: (state?: SettingsState) => json<DeviceSettings[]>(`/api/settings${state === undefined ? '' : `?state=${state}`}`),
};
