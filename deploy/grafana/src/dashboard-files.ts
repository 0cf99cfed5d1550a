import { fileURLToPath } from 'node:url';
import { builtInKinds, type KindLookup } from '@kendali/contracts';
import { platformDashboard } from './platform-dashboard';
import { profileDashboard } from './profile-dashboard';

/** Where the generated boards are kept in the repository (Grafana's file provider reads them). */
export const dashboardsDir = fileURLToPath(new URL('../dashboards/', import.meta.url));

/**
 * Every board as the file it is kept in: one per device kind, named after the kind, and the
 * platform's own. The text is what `pnpm --filter @kendali/deploy grafana` writes, two-space JSON
 * and a final newline, so the committed files can be compared with it byte for byte.
 */
export function dashboardFiles(kinds: KindLookup = builtInKinds): ReadonlyMap<string, string> {
  const text = (board: object) => `${JSON.stringify(board, null, 2)}\n`;
  const files = new Map<string, string>();
  for (const spec of kinds.all()) files.set(`kind-${spec.kind}.json`, text(profileDashboard(spec)));
  files.set('kendali-platform.json', text(platformDashboard()));
  return files;
}
