/** The admin token test platforms are started with (KENDALI_ADMIN_TOKEN). */
export const testAdminToken = 'kdl_test-admin-token-0123456789abcdefghijklmnopqrstu';

export const authHeaders = (token = testAdminToken) => ({ authorization: `Bearer ${token}` });

/** Longer than any request of the suites takes on a busy machine; a hung one then fails naming itself rather than the test's own time-out. */
const answerWithinMs = 120_000;

/** fetch against the API with the admin token; JSON bodies are sent as JSON. */
export async function apiFetch(base: string, path: string, init: { method?: string; body?: unknown; token?: string } = {}): Promise<Response> {
  const method = init.method ?? 'GET';
  try {
    return await fetch(`${base}${path}`, {
      method,
      headers: { ...authHeaders(init.token), ...(init.body === undefined ? {} : { 'content-type': 'application/json' }) },
      ...(init.body === undefined ? {} : { body: JSON.stringify(init.body) }),
      signal: AbortSignal.timeout(answerWithinMs),
    });
  } catch (error) {
    if (error instanceof DOMException && error.name === 'TimeoutError') throw new Error(`${method} ${path} gave no answer within ${answerWithinMs / 1_000} s`);
    throw error;
  }
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
