import type { ApiErrorBody, DeviceInput } from '@kendali/contracts';
import { SimulatorError } from './errors';
import type { SimulatedDevice } from './fleet';

export interface RegisterFleetOptions {
  /** Base URL of the Kendali API, e.g. http://127.0.0.1:8080. */
  readonly apiUrl: string;
  readonly fleet: readonly SimulatedDevice[];
  /** Admin token, sent as a bearer token. */
  readonly token?: string;
  /** Requests in flight at once; default 8. */
  readonly concurrency?: number;
  readonly signal?: AbortSignal;
}

/**
 * Registers (creates or updates) every fleet device with `PUT /api/devices/{id}` and returns each
 * device's MQTT secret: a new device's comes with its registration; an existing device's secret is
 * never shown again, so it is rotated (`POST /api/devices/{id}/credentials`). Stops at the first
 * refusal with the API's own error code and message.
 */
export async function registerFleet(options: RegisterFleetOptions): Promise<Map<string, string>> {
  const base = options.apiUrl.replace(/\/+$/, '');
  const queue = [...options.fleet];
  const secrets = new Map<string, string>();
  const worker = async (): Promise<void> => {
    for (let device = queue.shift(); device; device = queue.shift()) secrets.set(device.id, await registerDevice(base, device, options));
  };
  const workers = Array.from({ length: Math.max(1, options.concurrency ?? 8) }, worker);
  try {
    await Promise.all(workers);
  } finally {
    queue.length = 0; // one failure stops the other workers after their current request
  }
  return secrets;
}

async function registerDevice(base: string, device: SimulatedDevice, options: RegisterFleetOptions): Promise<string> {
  const url = `${base}/api/devices/${encodeURIComponent(device.id)}`;
  const body: DeviceInput = { kind: device.kind, name: device.name, district: device.district, lat: device.lat, lon: device.lon };
  const registered = await call('PUT', url, body, options);
  if (registered.status === 201) return ((await registered.json()) as { secret: string }).secret;
  await registered.body?.cancel();
  const rotated = await call('POST', `${url}/credentials`, undefined, options);
  return ((await rotated.json()) as { secret: string }).secret;
}

/** One API call; any answer but 2xx becomes a SimulatorError carrying the API's code and message. */
async function call(method: 'PUT' | 'POST', url: string, body: unknown, options: RegisterFleetOptions): Promise<Response> {
  let response: Response;
  try {
    response = await fetch(url, {
      method,
      headers: { ...(body === undefined ? {} : { 'content-type': 'application/json' }), ...(options.token ? { authorization: `Bearer ${options.token}` } : {}) },
      ...(body === undefined ? {} : { body: JSON.stringify(body) }),
      ...(options.signal ? { signal: options.signal } : {}),
    });
  } catch (error) {
    const reason = error instanceof Error ? (error.cause instanceof Error ? error.cause.message : error.message) : String(error);
    throw new SimulatorError('KENDALI_ERR_SIM_REGISTER', `cannot reach ${url}: ${reason}`, { cause: error });
  }
  if (response.ok) return response;
  const text = await response.text();
  throw new SimulatorError('KENDALI_ERR_SIM_REGISTER', `${method} ${url} answered ${response.status}: ${describeApiError(text)}`);
}

function describeApiError(text: string): string {
  try {
    const parsed = JSON.parse(text) as Partial<ApiErrorBody>;
    if (parsed.error?.code) return `${parsed.error.code}: ${parsed.error.message}`;
  } catch {
    // Not the API's JSON error shape: show the start of whatever came back.
  }
  return text.slice(0, 200) || '(empty body)';
}
