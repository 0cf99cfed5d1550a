import { request } from 'node:http';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { AuditEntry, SignedIn } from '@kendali/contracts';
import { apiJson, makeTempDir, spawnPlatform, testAdminToken, type RunningPlatform } from '@kendali/test-support';

// Signing in against the platform as its own process, over real HTTP: a password guesser is locked
// out for the README's 15 minutes, the right password from another address changes nothing during
// the lock, and neither the process's output nor the audit log ever holds a password or a token.
// Addresses: the guesser and the person are two loopback addresses (all of 127/8 is local on Linux),
// as two machines would be; the platform trusts no X-Forwarded-For.
const lockS = 15 * 60; // README, People and sign-in: 10 failures -> 15 minutes
const personPassword = 'gerbang-tol-karawaci-2026';
const adminPassword = 'menara-pandang-cisadane-2026';
const guesses = Array.from({ length: 20 }, (_, i) => `tebakan-ke-${i}-kata-sandi`);

let data: Awaited<ReturnType<typeof makeTempDir>>;
let platform: RunningPlatform;
const secrets: string[] = [personPassword, adminPassword, ...guesses, testAdminToken];

interface Answer {
  readonly status: number;
  readonly headers: Record<string, string | string[] | undefined>;
  readonly body: string;
}

/** One HTTP request from `localAddress` (fetch cannot choose it). */
function send(localAddress: string, method: string, path: string, options: { json?: unknown; headers?: Record<string, string> } = {}): Promise<Answer> {
  const body = options.json === undefined ? undefined : JSON.stringify(options.json);
  return new Promise((resolve, reject) => {
    const outgoing = request(
      `${platform.http}${path}`,
      { method, localAddress, headers: { ...(body === undefined ? {} : { 'content-type': 'application/json' }), ...options.headers } },
      (incoming) => {
        let text = '';
        incoming.setEncoding('utf8');
        incoming.on('data', (chunk: string) => (text += chunk));
        incoming.on('end', () => resolve({ status: incoming.statusCode ?? 0, headers: incoming.headers, body: text }));
        incoming.on('error', reject);
      },
    );
    outgoing.on('error', reject);
    outgoing.end(body);
  });
}

const signIn = (localAddress: string, password: string) => send(localAddress, 'POST', '/api/auth/login', { json: { username: 'rina', password } });
const errorCode = (answer: Answer) => (JSON.parse(answer.body) as { error: { code: string } }).error.code;

beforeAll(async () => {
  data = await makeTempDir('sign-in-lockout');
  // debug: the most the process ever says, so that "never in the log" covers every line it can write.
  platform = await spawnPlatform({ KENDALI_DATA_DIR: data.path, KENDALI_LOG_LEVEL: 'debug', KENDALI_ADMIN_PASSWORD: adminPassword }, { stopWithParent: true });
  await apiJson(platform.http, '/api/users', { method: 'POST', body: { username: 'rina', displayName: 'Rina Kusuma', role: 'operator', department: 'Dishub', password: personPassword } });
}, 90_000);

afterAll(async () => {
  await platform?.stop();
  await data?.remove();
});

describe('a password guesser against the platform', () => {
  it('is locked out after 10 wrong passwords for 15 minutes, and the right password from another address is refused meanwhile', async () => {
    // Before the guessing: the person signs in and works as usual (their cookie and CSRF token are secrets too).
    const before = await signIn('127.0.0.2', personPassword);
    expect(before.status).toBe(200);
    const session = JSON.parse(before.body) as SignedIn;
    const cookie = String(before.headers['set-cookie']).split(';')[0]!;
    secrets.push(cookie.split('=')[1]!, session.csrfToken);
    const write = await send('127.0.0.2', 'POST', '/api/alarms/none/ack', { json: {}, headers: { cookie, 'x-csrf-token': session.csrfToken } });
    expect(errorCode(write)).toBe('KENDALI_ERR_ALARM_NOT_FOUND'); // past authentication and CSRF: the route answered

    const answers: Answer[] = [];
    let tenthSentAt = 0; // the lock begins after this, while the tenth failure is answered
    for (const guess of guesses) {
      if (answers.length === 9) tenthSentAt = Date.now();
      answers.push(await signIn('127.0.0.3', guess));
    }
    expect(answers.slice(0, 10).map((answer) => [answer.status, errorCode(answer)])).toEqual(Array(10).fill([401, 'KENDALI_ERR_SIGN_IN_FAILED']));
    expect(answers.slice(10).map((answer) => [answer.status, errorCode(answer)])).toEqual(Array(10).fill([429, 'KENDALI_ERR_SIGN_IN_LOCKED']));
    const secondsSinceLock = () => Math.ceil((Date.now() - tenthSentAt) / 1000);
    for (const locked of answers.slice(10)) {
      const retryAfterS = Number(locked.headers['retry-after']);
      expect(retryAfterS).toBeLessThanOrEqual(lockS);
      expect(retryAfterS).toBeGreaterThanOrEqual(lockS - secondsSinceLock());
      expect(JSON.parse(locked.body)).toEqual({ error: { code: 'KENDALI_ERR_SIGN_IN_LOCKED', message: `Too many failed sign-ins: signing in is locked for ${retryAfterS} more seconds` } });
    }

    // The person, from their own desk, with the right password: refused until the lock ends, no cookie given.
    const right = await signIn('127.0.0.2', personPassword);
    expect(right.status).toBe(429);
    expect(right.headers['set-cookie']).toBeUndefined();
    expect(Number(right.headers['retry-after'])).toBeGreaterThanOrEqual(lockS - secondsSinceLock());
    // The session begun before the guessing goes on: a lock-out is no sign-out.
    expect((await send('127.0.0.2', 'GET', '/api/auth/whoami', { headers: { cookie } })).status).toBe(200);

    // The audit log tells the story: who tried which account from where, and nothing secret.
    const trail = await apiJson<AuditEntry[]>(platform.http, '/api/audit?target=rina&limit=100');
    const from = (address: string, action: string) => trail.filter((entry) => entry.address === address && entry.action === action).length;
    expect([from('127.0.0.3', 'sign-in-failed'), from('127.0.0.3', 'sign-in-locked'), from('127.0.0.2', 'sign-in-locked'), from('127.0.0.2', 'sign-in')]).toEqual([10, 10, 1, 1]);
    expect(trail.find((entry) => entry.action === 'sign-in')).toMatchObject({ actor: 'Rina Kusuma', role: 'operator' });
  }, 120_000); // 22 scrypt checks on a busy machine

  it('leaves no password and no token in the process output or the audit log', async () => {
    const issued = await apiJson<{ token: string }>(platform.http, '/api/tokens', { method: 'POST', body: { name: 'Dinding Dishub', role: 'viewer' } });
    secrets.push(issued.token);
    expect((await send('127.0.0.2', 'GET', `/api/devices?token=${issued.token}`)).status).toBe(200);
    await apiJson(platform.http, '/api/users/rina', { method: 'PATCH', body: { password: 'lampu-merah-cikokol-2026' } });
    secrets.push('lampu-merah-cikokol-2026');
    await apiJson(platform.http, '/api/users/rina/unlock', { method: 'POST' });

    const audit = await send('127.0.0.1', 'GET', '/api/audit?format=csv&limit=10000', { headers: { authorization: `Bearer ${testAdminToken}` } });
    expect(audit.body).toContain('sign-in-failed');
    expect(audit.body).toContain('PATCH /api/users/:username');
    expect(platform.output()).toMatch(/Wall dashboard:/); // the process's own output was read
    for (const secret of secrets) {
      expect(audit.body.includes(secret), `audit log holds ${secret.slice(0, 12)}…`).toBe(false);
      expect(platform.output().includes(secret), `process output holds ${secret.slice(0, 12)}…`).toBe(false);
    }
  });
});
