import { existsSync } from 'node:fs';
import { readdir, stat } from 'node:fs/promises';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

const dashboardDir = fileURLToPath(new URL('../../dashboard/', import.meta.url));
const dashboardIndex = join(dashboardDir, 'dist', 'index.html');

export interface DashboardBuild {
  /** When dashboard/dist was built, ms epoch. */
  readonly builtAtMs: number;
  /** Whether a file under dashboard/src changed after that build: the bench would measure old code. */
  readonly stale: boolean;
}

export const dashboardBuilt = () => existsSync(dashboardIndex);

/** The platform serves dashboard/dist as built; says when that build is older than the sources. */
export async function dashboardBuild(): Promise<DashboardBuild> {
  const builtAtMs = (await stat(dashboardIndex)).mtimeMs;
  const sources = await readdir(join(dashboardDir, 'src'), { recursive: true, withFileTypes: true });
  const times = await Promise.all(sources.filter((entry) => entry.isFile()).map(async (entry) => (await stat(join(entry.parentPath, entry.name))).mtimeMs));
  return { builtAtMs, stale: times.some((time) => time > builtAtMs) };
}
