import { createHmac, randomBytes } from 'node:crypto';
import { existsSync } from 'node:fs';
import { readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';

/**
 * The built-in simulators' device secrets, derived from a key kept in the data directory
 * (HMAC-SHA256 of the device id), so simulated devices reconnect after a restart while the registry
 * still holds only hashes.
 */
export async function simulatorSecrets(dataDir: string): Promise<(deviceId: string) => string> {
  const file = join(dataDir, 'simulator.key');
  let key: Buffer;
  if (existsSync(file)) key = Buffer.from((await readFile(file, 'utf8')).trim(), 'base64url');
  else {
    key = randomBytes(32);
    await writeFile(file, key.toString('base64url') + '\n', { mode: 0o600 });
  }
  return (deviceId) => createHmac('sha256', key).update(deviceId).digest('base64url');
}
