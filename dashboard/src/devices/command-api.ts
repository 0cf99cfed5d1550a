import type { Command, CommandRequest } from '@kendali/contracts';
import { json } from '../telemetry/api-client';

const devicePath = (id: string) => `/api/devices/${encodeURIComponent(id)}`;

/** The command routes as the device page uses them. */
export const commandApi = {
  send: (deviceId: string, request: Partial<CommandRequest> & Pick<CommandRequest, 'name' | 'params'>) =>
    json<Command>(`${devicePath(deviceId)}/commands`, { method: 'POST', json: request }),
  recent: (deviceId: string, limit = 20) => json<Command[]>(`/api/commands?device=${encodeURIComponent(deviceId)}&limit=${limit}`),
};

interface ParamSchema {
  readonly type?: string;
  readonly minimum?: number;
  readonly maximum?: number;
  readonly properties?: Readonly<Record<string, ParamSchema>>;
}

const typicalIntervalS = 300; // 5 minutes: a sensible first value for an interval in seconds

/** Parameters that pass a command's schema, to start the form from: numbers inside their range. */
export function exampleParams(schema: unknown): Record<string, unknown> {
  const properties = (schema as ParamSchema | null)?.properties ?? {};
  const example: Record<string, unknown> = {};
  for (const [name, property] of Object.entries(properties)) {
    const { minimum = 0, maximum } = property;
    if (property.type === 'integer') example[name] = maximum === undefined || (typicalIntervalS >= minimum && typicalIntervalS <= maximum) ? Math.max(minimum, typicalIntervalS) : minimum;
    else if (property.type === 'number') example[name] = maximum === undefined ? minimum : (minimum + maximum) / 2;
    else if (property.type === 'boolean') example[name] = true;
  }
  return example;
}
