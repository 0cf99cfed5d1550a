/** The admin token test platforms are started with (KENDALI_ADMIN_TOKEN). */
export const testAdminToken = 'kdl_test-admin-token-0123456789abcdefghijklmnopqrstu';

export const authHeaders = (token = testAdminToken) => ({ authorization: `Bearer ${token}` });

/** fetch against the API with the admin token; JSON bodies are sent as JSON. */
export function apiFetch(base: string, path: string, init: { method?: string; body?: unknown; token?: string } = {}): Promise<Response> {
  return fetch(`${base}${path}`, {
    method: init.method ?? 'GET',
    headers: { ...authHeaders(init.token), ...(init.body === undefined ? {} : { 'content-type': 'application/json' }) },
    ...(init.body === undefined ? {} : { body: JSON.stringify(init.body) }),
  });
}

export async function apiJson<T>(base: string, path: string, init: { method?: string; body?: unknown; token?: string } = {}): Promise<T> {
  const response = await apiFetch(base, path, init);
  if (!response.ok) throw new Error(`${init.method ?? 'GET'} ${path} answered ${response.status}: ${await response.text()}`);
  return (await response.json()) as T;
}

/** Registers a device and returns its MQTT secret. */
export async function registerDevice(base: string, id: string, device: { kind: string; name: string; district: string }): Promise<string> {
  const created = await apiJson<{ secret: string }>(base, '/api/devices', { method: 'POST', body: { id, ...device } });
  return created.secret;
}
