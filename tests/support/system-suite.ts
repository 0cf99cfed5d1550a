import { existsSync } from 'node:fs';

/**
 * A suite that needs a system package (Chromium, influxd, mosquitto) runs where the program is
 * installed. Elsewhere it is skipped with a visible reason, unless KENDALI_REQUIRE_SYSTEM_SUITES=1
 * (set by .ci/run), where a missing program fails the run instead of skipping quietly.
 */
export function systemSuite(program: string, installHint: string): { available: boolean; title: (name: string) => string } {
  const available = existsSync(program);
  if (!available) {
    const reason = `${program} not found (${installHint})`;
    if (process.env.KENDALI_REQUIRE_SYSTEM_SUITES === '1') {
      throw new Error(`KENDALI_REQUIRE_SYSTEM_SUITES=1 but ${reason}`);
    }
    console.warn(`SKIPPED: ${reason}`);
    return { available, title: (name) => `${name} [skipped: ${reason}]` };
  }
  return { available, title: (name) => name };
}
