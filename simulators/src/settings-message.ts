import type { SettingsMessage } from '@kendali/contracts';

/** Desired settings as Kendali sends them (retained) on a device's settings topic; undefined for anything else. */
export function parseSettingsMessage(text: string): SettingsMessage | undefined {
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch {
    return undefined;
  }
  if (typeof value !== 'object' || value === null) return undefined;
  const { version, settings, at } = value as Record<string, unknown>;
  if (typeof version !== 'number' || !Number.isInteger(version) || version < 1 || typeof at !== 'number') return undefined;
  if (typeof settings !== 'object' || settings === null || Array.isArray(settings)) return undefined;
  return { version, settings: settings as SettingsMessage['settings'], at };
}
