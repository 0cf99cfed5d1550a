import type { RejectionNotice } from '@kendali/contracts';

/** A rejection notice from a device's errors topic, or undefined if the payload is not one. */
export function parseNotice(text: string): RejectionNotice | undefined {
  try {
    const value: unknown = JSON.parse(text);
    if (typeof value === 'object' && value !== null && 'code' in value && 'message' in value) return value as RejectionNotice;
  } catch {
    // Not JSON: the raw payload still reaches the caller.
  }
  return undefined;
}
