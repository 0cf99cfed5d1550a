import { mkdir, readdir, rm, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { dashboardFiles, dashboardsDir } from './dashboard-files';

/** Writes the Grafana boards of the built-in device profiles and of the platform; removes boards no longer made. */
const files = dashboardFiles();
await mkdir(dashboardsDir, { recursive: true });
for (const name of await readdir(dashboardsDir)) if (name.endsWith('.json') && !files.has(name)) await rm(join(dashboardsDir, name));
for (const [name, text] of files) await writeFile(join(dashboardsDir, name), text);
console.log(`${files.size} boards written to ${dashboardsDir}`);
