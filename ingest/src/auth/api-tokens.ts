import { createHash, randomBytes, randomUUID } from 'node:crypto';
import type { DuckDBConnection, DuckDBInstance } from '@duckdb/node-api';
import { isRole, type ApiToken, type Clock, type Role } from '@kendali/contracts';

const ddl = `CREATE TABLE IF NOT EXISTS api_tokens (
  id VARCHAR PRIMARY KEY,
  name VARCHAR NOT NULL,
  role VARCHAR NOT NULL,
  token_hash VARCHAR NOT NULL UNIQUE,
  created_at TIMESTAMP NOT NULL,
  revoked BOOLEAN NOT NULL DEFAULT false
)`;

/**
 * API tokens are 256-bit random strings, so they are stored as their SHA-256 digest: looked up on
 * every request, never recoverable from the database.
 */
const digest = (token: string) => createHash('sha256').update(token).digest('hex');

export const tokenPrefix = 'kdl_';

export class ApiTokens {
  readonly #byDigest = new Map<string, ApiToken>();

  private constructor(
    private readonly connection: DuckDBConnection,
    private readonly clock: Clock,
  ) {}

  /** `clock` stamps when a token was made. */
  static async open(instance: DuckDBInstance, clock: Clock): Promise<ApiTokens> {
    const connection = await instance.connect();
    await connection.run(ddl);
    const tokens = new ApiTokens(connection, clock);
    const reader = await connection.runAndReadAll(
      `SELECT id, name, role, token_hash, revoked, strftime(created_at, '%Y-%m-%dT%H:%M:%S.%gZ') AS created_at FROM api_tokens`,
    );
    for (const row of reader.getRowObjectsJS()) {
      if (!isRole(row.role)) continue;
      tokens.#byDigest.set(String(row.token_hash), {
        id: String(row.id),
        name: String(row.name),
        role: row.role,
        createdAt: String(row.created_at),
        revoked: row.revoked === true,
      });
    }
    return tokens;
  }

  /** The token behind a presented secret, if it exists and is not revoked. */
  verify(token: string): ApiToken | undefined {
    const found = this.#byDigest.get(digest(token));
    return found && !found.revoked ? found : undefined;
  }

  list(): ApiToken[] {
    return [...this.#byDigest.values()].sort((a, b) => a.createdAt.localeCompare(b.createdAt));
  }

  hasActive(role: Role): boolean {
    return this.list().some((token) => token.role === role && !token.revoked);
  }

  /** Creates a token; its secret is returned this once. */
  async create(name: string, role: Role, secret = `${tokenPrefix}${randomBytes(32).toString('base64url')}`): Promise<{ token: string; record: ApiToken }> {
    const record: ApiToken = { id: randomUUID(), name, role, createdAt: new Date(this.clock.now()).toISOString(), revoked: false };
    const hash = digest(secret);
    await this.connection.run(
      `INSERT INTO api_tokens (id, name, role, token_hash, created_at) VALUES ($id, $name, $role, $hash, $createdAt::TIMESTAMP)`,
      { id: record.id, name, role, hash, createdAt: record.createdAt.replace('Z', '') },
    );
    this.#byDigest.set(hash, record);
    return { token: secret, record };
  }

  /** Makes sure a given secret (e.g. from KENDALI_ADMIN_TOKEN) is an active token of `role`. */
  async ensure(secret: string, role: Role, name: string): Promise<ApiToken> {
    const existing = this.#byDigest.get(digest(secret));
    if (existing && !existing.revoked && existing.role === role) return existing;
    if (existing) await this.connection.run('DELETE FROM api_tokens WHERE id = $id', { id: existing.id });
    this.#byDigest.delete(digest(secret));
    return (await this.create(name, role, secret)).record;
  }

  async revoke(id: string): Promise<boolean> {
    const entry = [...this.#byDigest.entries()].find(([, token]) => token.id === id);
    if (entry === undefined) return false;
    await this.connection.run('UPDATE api_tokens SET revoked = true WHERE id = $id', { id });
    this.#byDigest.set(entry[0], { ...entry[1], revoked: true });
    return true;
  }

  close(): void {
    this.connection.closeSync();
  }
}
