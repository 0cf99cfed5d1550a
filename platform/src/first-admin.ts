import { randomBytes } from 'node:crypto';
import { existsSync } from 'node:fs';
import { readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { IngestError, type Users } from '@kendali/ingest';
import { ConfigError } from './config';

const firstAdminUsername = 'admin';

export interface FirstAdmin {
  /** The first-run admin's password to print, when the operator could not know it otherwise. */
  readonly password: string | null;
  /** Where it is kept, if it was made here. */
  readonly file: string | null;
}

/**
 * Makes sure a person can sign in as an admin. With KENDALI_ADMIN_PASSWORD the account `admin` has
 * that password (checked like any other). Otherwise, while no admin account exists, the first start
 * creates `admin` with a random password and keeps it in `<data>/initial-admin.json` (mode 0600),
 * printed at each start until someone deletes the file; change the password and delete it in production.
 */
export async function prepareFirstAdmin(users: Pick<Users, 'ensureAdmin' | 'hasEnabledAdmin' | 'create'>, dataDir: string, password: string | null): Promise<FirstAdmin> {
  if (password !== null) {
    await users.ensureAdmin(firstAdminUsername, password, 'Administrator').catch((error: unknown) => {
      if (error instanceof IngestError && error.code === 'KENDALI_ERR_PASSWORD_WEAK') throw new ConfigError([`KENDALI_ADMIN_PASSWORD: ${error.message}. Choose another (README, Settings).`]);
      throw error;
    });
    return { password: null, file: null };
  }
  const file = join(dataDir, 'initial-admin.json');
  if (existsSync(file)) {
    const saved = JSON.parse(await readFile(file, 'utf8')) as { password?: string };
    return { password: saved.password ?? null, file };
  }
  if (users.hasEnabledAdmin()) return { password: null, file: null };
  const made = randomBytes(18).toString('base64url'); // 24 characters, 144 bits
  try {
    await users.create({ username: firstAdminUsername, displayName: 'Administrator', role: 'admin', password: made }, 'first start');
  } catch (error) {
    // Another node sharing the database (KENDALI_DATABASE_URL) made it at the same moment: its password is in that node's data directory.
    if (error instanceof IngestError && error.code === 'KENDALI_ERR_USER_EXISTS') return { password: null, file: null };
    throw error;
  }
  await writeFile(file, JSON.stringify({ username: firstAdminUsername, password: made }, null, 2) + '\n', { mode: 0o600 });
  return { password: made, file };
}
