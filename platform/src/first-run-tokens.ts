import { existsSync } from 'node:fs';
import { readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import type { ApiTokens } from '@kendali/ingest';

export interface StartTokens {
  /** An admin token to print, when the operator could not know it otherwise. */
  readonly admin: string | null;
  /** A viewer token for the wall URL printed at start, when one is known. */
  readonly wall: string | null;
  /** Where the first-run tokens are kept, if they were made here. */
  readonly file: string | null;
}

/**
 * Makes sure someone can get in. With KENDALI_ADMIN_TOKEN that string is an admin token (automation).
 * Otherwise the first start creates an admin token and a wall (viewer) token and keeps them in
 * `<data>/initial-tokens.json` (mode 0600, like the initial password file of other servers), so a
 * newcomer can open the wall after any restart; revoke them and delete the file in production.
 */
export async function prepareTokens(tokens: ApiTokens, dataDir: string, adminToken: string | null): Promise<StartTokens> {
  if (adminToken !== null) {
    await tokens.ensure(adminToken, 'admin', 'KENDALI_ADMIN_TOKEN');
    return { admin: null, wall: null, file: null };
  }
  const file = join(dataDir, 'initial-tokens.json');
  if (existsSync(file)) {
    const saved = JSON.parse(await readFile(file, 'utf8')) as { admin?: string; wall?: string };
    const wall = saved.wall && tokens.verify(saved.wall) ? saved.wall : null;
    const admin = saved.admin && tokens.verify(saved.admin) ? saved.admin : null;
    return { admin, wall, file };
  }
  if (tokens.hasActive('admin')) return { admin: null, wall: null, file: null };
  const admin = (await tokens.create('first-run admin', 'admin')).token;
  const wall = (await tokens.create('first-run wall display', 'viewer')).token;
  await writeFile(file, JSON.stringify({ admin, wall }, null, 2) + '\n', { mode: 0o600 });
  return { admin, wall, file };
}
