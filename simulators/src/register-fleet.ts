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
  /**
   * Register with one bulk import (`POST /api/devices/import`) instead of a PUT per device; devices
   * already registered then get their secrets rotated one by one. Default: from 100 devices up.
   */
  readonly bulk?: boolean;
  /** Called as devices are registered, with the count so far. */
  readonly onProgress?: (registered: number) => void;
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
  if (options.bulk ?? options.fleet.length >= bulkFromDevices) return importFleet(base, options);
  return eachDevice(options.fleet, options, async (device) => registerDevice(base, device, options));
}

const bulkFromDevices = 100;

/** Runs `work` for every device, `concurrency` at a time, and collects each device's secret. */
async function eachDevice(
  devices: readonly SimulatedDevice[],
  options: RegisterFleetOptions,
  work: (device: SimulatedDevice) => Promise<string>,
): Promise<Map<string, string>> {
  const queue = [...devices];
  const secrets = new Map<string, string>();
  const worker = async (): Promise<void> => {
    for (let device = queue.shift(); device; device = queue.shift()) secrets.set(device.id, await work(device));
  };
  const workers = Array.from({ length: Math.max(1, options.concurrency ?? 8) }, worker);
  try {
    await Promise.all(workers);
  } finally {
    queue.length = 0; // one failure stops the other workers after their current request
  }
  return secrets;
}

/** What the registry keeps about a simulated device, marked as simulated. */
function deviceInput(device: SimulatedDevice): DeviceInput {
  return {
    kind: device.kind,
    name: device.name,
    district: device.district,
    lat: device.lat,
    lon: device.lon,
    ...(device.installDate ? { installDate: device.installDate } : {}),
    metadata: { simulated: true, ...device.metadata },
  };
}

async function registerDevice(base: string, device: SimulatedDevice, options: RegisterFleetOptions): Promise<string> {
  const url = `${base}/api/devices/${encodeURIComponent(device.id)}`;
  const registered = await call('PUT', url, deviceInput(device), options);
  if (registered.status === 201) return ((await registered.json()) as { secret: string }).secret;
  await registered.body?.cancel();
  return rotateSecret(url, options);
}

async function rotateSecret(deviceUrl: string, options: RegisterFleetOptions): Promise<string> {
  const rotated = await call('POST', `${deviceUrl}/credentials`, undefined, options);
  return ((await rotated.json()) as { secret: string }).secret;
}

// Each import hashes every new device's secret and writes its row: keep one request well inside HTTP timeouts.
const importChunkDevices = 500;

/** Bulk imports of the fleet, a chunk at a time: new devices' secrets come back at once; existing ones are rotated. */
async function importFleet(base: string, options: RegisterFleetOptions): Promise<Map<string, string>> {
  const secrets = new Map<string, string>();
  for (let first = 0; first < options.fleet.length; first += importChunkDevices) {
    const rows = options.fleet.slice(first, first + importChunkDevices).map((device) => ({ id: device.id, ...deviceInput(device) }));
    const response = await call('POST', `${base}/api/devices/import`, rows, options);
    const report = (await response.json()) as { credentials: { id: string; secret: string }[] };
    for (const { id, secret } of report.credentials) secrets.set(id, secret);
    options.onProgress?.(first + rows.length);
  }
  const existing = options.fleet.filter((device) => !secrets.has(device.id));
  const rotated = await eachDevice(existing, options, (device) => rotateSecret(`${base}/api/devices/${encodeURIComponent(device.id)}`, options));
  for (const [id, secret] of rotated) secrets.set(id, secret);
  return secrets;
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

/** The import report's first problems, or the API's error. */
function describeApiError(text: string): string {
  try {
    const parsed = JSON.parse(text) as Partial<ApiErrorBody> & { problems?: { line: number; message: string }[] };
    // A refused import carries both its error and the report; the rows say what to fix.
    const rows = parsed.problems?.slice(0, 3).map((problem) => `row ${problem.line}: ${problem.message}`);
    if (parsed.error?.code) return [`${parsed.error.code}: ${parsed.error.message}`, ...(rows ?? [])].join('; ');
    if (rows?.length) return rows.join('; ');
  } catch {
    // Not the API's JSON error shape: show the start of whatever came back.
  }
  return text.slice(0, 200) || '(empty body)';
}
