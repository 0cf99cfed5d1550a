import type { CommandMessage } from '@kendali/contracts';

/** A command as Kendali sends it on a device's commands topic; undefined for anything else. */
export function parseCommand(text: string): CommandMessage | undefined {
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch {
    return undefined;
  }
  if (typeof value !== 'object' || value === null) return undefined;
  const { id, name, params, expiresAt } = value as Record<string, unknown>;
  if (typeof id !== 'string' || typeof name !== 'string' || typeof expiresAt !== 'number') return undefined;
  if (typeof params !== 'object' || params === null || Array.isArray(params)) return undefined;
  return { id, name, params: params as CommandMessage['params'], expiresAt };
}
