import type {
  Alarm,
  AlarmAcknowledgement,
  AlarmQuery,
  AlarmShelving,
  AlarmWithEvents,
  AuditEntry,
  AuditQuery,
  AuditVerification,
  ApiErrorBody,
  ApiToken,
  CitiesAnswer,
  CityHistory,
  CityHistoryQuery,
  ExportQuery,
  Device,
  DeviceCredential,
  DeviceInput,
  DeviceQuery,
  DeviceRegistration,
  DeviceStatus,
  DeviceWithSecret,
  DeviceProfile,
  HandoverQuery,
  HandoverReport,
  ImportReport,
  KindsAnswer,
  LiveDevice,
  PlatformInfo,
  ProfileTrial,
  Readiness,
  SignedIn,
  StoredProfile,
  TelemetryHistory,
  TelemetryQuery,
} from '@kendali/contracts';
import { authStore } from './auth-store';
import { withTokenQuery } from './token-url';

/** An answer other than 2xx, with the API's error code and message (`{ error: { code, message } }`). */
export class ApiRequestError extends Error {
  constructor(
    readonly status: number,
    readonly code: string,
    message: string,
    /** How long to wait before trying again (`Retry-After`, seconds), when the server said. */
    readonly retryAfterS: number | null = null,
  ) {
    super(message);
    this.name = 'ApiRequestError';
  }
}

function isErrorBody(value: unknown): value is ApiErrorBody {
  if (typeof value !== 'object' || value === null || !('error' in value)) return false;
  const error = (value as { error: unknown }).error;
  return typeof error === 'object' && error !== null && 'code' in error && 'message' in error;
}

interface RequestOptions {
  readonly method?: string;
  readonly json?: unknown;
  readonly text?: { readonly body: string; readonly contentType: string };
  /** Check a token other than the page's (sign-in). */
  readonly token?: string;
  /** Signing in or looking for a session: a 401 is the answer, not a sign that the page's credentials ended. */
  readonly probe?: boolean;
}

const safeMethods = new Set(['GET', 'HEAD', 'OPTIONS']);

/**
 * Sends one request with the page's token, or else with the session cookie (the browser adds it)
 * and, on a write, the session's CSRF token; a 401 turns the page to the sign-in panel.
 */
async function send(path: string, options: RequestOptions = {}): Promise<Response> {
  const page = authStore().getSnapshot();
  const token = options.token ?? page.token;
  const method = options.method ?? 'GET';
  const headers: Record<string, string> = { accept: 'application/json' };
  if (token) headers.authorization = `Bearer ${token}`;
  else if (page.csrfToken !== null && !safeMethods.has(method)) headers['x-csrf-token'] = page.csrfToken;
  let body: string | undefined;
  if (options.json !== undefined) {
    headers['content-type'] = 'application/json';
    body = JSON.stringify(options.json);
  } else if (options.text) {
    headers['content-type'] = options.text.contentType;
    body = options.text.body;
  }
  const response = await fetch(path, { method, headers, body, credentials: 'same-origin' });
  if (response.status === 401 && options.token === undefined && options.probe !== true) authStore().reject();
  return response;
}

async function failure(response: Response): Promise<ApiRequestError> {
  const body = (await response.json().catch(() => null)) as unknown;
  const retryAfterS = Number.parseInt(response.headers.get('retry-after') ?? '', 10);
  const wait = Number.isFinite(retryAfterS) ? retryAfterS : null;
  if (isErrorBody(body)) return new ApiRequestError(response.status, body.error.code, body.error.message, wait);
  return new ApiRequestError(response.status, 'KENDALI_ERR_HTTP', `${response.status} ${response.statusText}`, wait);
}

/** One JSON request with the page's token; an answer other than 2xx is thrown as an ApiRequestError. */
export async function json<T>(path: string, options: RequestOptions = {}): Promise<T> {
  const response = await send(path, options);
  if (!response.ok) throw await failure(response);
  return (await response.json()) as T;
}

/** One request answered without a body (204); an answer other than 2xx is thrown as an ApiRequestError. */
export async function noContent(path: string, options: RequestOptions = {}): Promise<void> {
  const response = await send(path, options);
  if (!response.ok) throw await failure(response);
}

const devicePath = (id: string) => `/api/devices/${encodeURIComponent(id)}`;
const kindPath = (kind: string) => `/api/kinds/${encodeURIComponent(kind)}`;
const alarmPath = (id: string) => `/api/alarms/${encodeURIComponent(id)}`;

function queryString(query: DeviceQuery | Partial<AlarmQuery> | TelemetryQuery | Partial<CityHistoryQuery> | Partial<ExportQuery> | Partial<AuditQuery>): string {
  const params = new URLSearchParams();
  for (const [key, value] of Object.entries(query)) if ((typeof value === 'string' && value !== '') || typeof value === 'number') params.set(key, String(value));
  const text = params.toString();
  return text === '' ? '' : `?${text}`;
}

/** The HTTP API as the dashboard uses it; the only module besides the stream sources that calls fetch. */
export const api = {
  /** Checks a token before using it: its identity, or an ApiRequestError (401 = not accepted). */
  verifyToken: (token: string) => json<ApiToken>('/api/auth/whoami', { token }),
  whoami: () => json<ApiToken>('/api/auth/whoami'),
  /** Signs a person in: the server sets the session cookie; the answer holds the CSRF token. A 429 carries `retryAfterS`. */
  signIn: (username: string, password: string) => json<SignedIn>('/api/auth/login', { method: 'POST', json: { username, password }, probe: true }),
  /** The person's session the browser's cookie carries, after a reload; a 401 says there is none (or it ended). */
  session: () => json<SignedIn | null>('/api/auth/session', { probe: true }),
  /** Ends the person's session on the server and clears its cookie. */
  async signOut(): Promise<void> {
    const response = await send('/api/auth/logout', { method: 'POST', probe: true });
    if (!response.ok) throw await failure(response);
  },
  info: () => json<PlatformInfo>('/api/info'),
  cities: () => json<CitiesAnswer>('/api/cities'),
  /** The version in force of every kind, built-in ones first. */
  kinds: () => json<KindsAnswer>('/api/kinds'),
  /** Every version of one kind, as kept (who, when, what changed). */
  kindVersions: (kind: string) => json<StoredProfile[]>(`${kindPath(kind)}/versions`),
  /** What the proposed profile would do to the kind's last `limit` recorded messages; nothing is saved. */
  tryProfile: (kind: string, profile: DeviceProfile, limit: number) => json<ProfileTrial>(`${kindPath(kind)}/try?limit=${limit}`, { method: 'POST', json: profile }),
  /** Makes the profile the kind's next version (or its first, for a new kind). */
  saveProfile: (kind: string, profile: DeviceProfile) => json<StoredProfile>(kindPath(kind), { method: 'PUT', json: profile }),
  devices: (query: DeviceQuery = {}) => json<DeviceStatus[]>(`/api/devices${queryString(query)}`),
  /** The devices as the live picture draws them (what a wall screen may read). */
  liveDevices: () => json<LiveDevice[]>('/api/live/devices'),
  device: (id: string) => json<DeviceStatus>(devicePath(id)),
  register: (device: DeviceRegistration) => json<DeviceWithSecret>('/api/devices', { method: 'POST', json: device }),
  update: (id: string, change: Partial<DeviceInput>) => json<Device>(devicePath(id), { method: 'PATCH', json: change }),
  rotateCredential: (id: string) => json<DeviceCredential>(`${devicePath(id)}/credentials`, { method: 'POST' }),
  async remove(id: string): Promise<void> {
    const response = await send(devicePath(id), { method: 'DELETE' });
    if (!response.ok) throw await failure(response);
  },
  /** Dry run or real import; a 400 with a report (bad rows) is an answer, not a failure. */
  async importDevices(content: string, contentType: string, dryRun: boolean): Promise<ImportReport> {
    const response = await send(`/api/devices/import?dryRun=${String(dryRun)}`, { method: 'POST', text: { body: content, contentType } });
    const body = (await response.clone().json().catch(() => null)) as unknown;
    if ((response.ok || response.status === 400) && typeof body === 'object' && body !== null && 'problems' in body) return body as ImportReport;
    throw await failure(response);
  },
  async exportDevices(format: 'csv' | 'json'): Promise<Blob> {
    const response = await send(`/api/devices/export?format=${format}`);
    if (!response.ok) throw await failure(response);
    return response.blob();
  },
  /** Address of a server-sent-events stream with the page's token (EventSource sends no headers). */
  streamUrl(path: string): string {
    const token = authStore().getSnapshot().token;
    return token ? withTokenQuery(path, token) : path;
  },
  deviceMessagesPath: (id: string) => `${devicePath(id)}/messages`,
  alarms: (query: Partial<AlarmQuery> = {}) => json<Alarm[]>(`/api/alarms${queryString(query)}`),
  alarm: (id: string) => json<AlarmWithEvents>(alarmPath(id)),
  acknowledge: (id: string, comment: string) => json<Alarm>(`${alarmPath(id)}/ack`, { method: 'POST', json: (comment.trim() === '' ? {} : { comment: comment.trim() }) satisfies AlarmAcknowledgement }),
  shelve: (id: string, minutes: number, reason: string) => json<Alarm>(`${alarmPath(id)}/shelve`, { method: 'POST', json: { minutes, reason } satisfies AlarmShelving }),
  unshelve: (id: string) => json<Alarm>(`${alarmPath(id)}/unshelve`, { method: 'POST', json: {} }),
  handover: (shift: HandoverQuery['shift']) => json<HandoverReport>(`/api/alarms/handover?shift=${shift}`),
  history: (query: TelemetryQuery) => json<TelemetryHistory>(`/api/telemetry${queryString(query)}`),
  /** Many devices at once (a district's, a kind's), in buckets, one series per device, district or kind. */
  /** Address of a file export with the page's token, for a download link (a link sends no headers). */
  exportUrl(query: Partial<ExportQuery> & Pick<ExportQuery, 'fields' | 'format'>): string {
    return api.streamUrl(`/api/export${queryString(query)}`);
  },
  cityHistory: (query: Partial<CityHistoryQuery> & Pick<CityHistoryQuery, 'fields'>) => json<CityHistory>(`/api/history${queryString(query)}`),
  audit: (query: Partial<AuditQuery>) => json<AuditEntry[]>(`/api/audit${queryString({ ...query, format: 'json' })}`),
  async auditCsv(query: Partial<AuditQuery>): Promise<Blob> {
    const response = await send(`/api/audit${queryString({ ...query, format: 'csv' })}`);
    if (!response.ok) throw await failure(response);
    return response.blob();
  },
  auditVerify: () => json<AuditVerification>('/api/audit/verify'),
  /** Public; answers 503 with the reasons when a part is not ready, which is an answer, not a failure. */
  async readiness(): Promise<Readiness> {
    const response = await fetch('/readyz', { headers: { accept: 'application/json' } });
    const body = (await response.json().catch(() => null)) as unknown;
    if (typeof body === 'object' && body !== null && 'checks' in body) return body as Readiness;
    throw await failure(response);
  },
};
