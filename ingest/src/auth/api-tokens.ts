import { createHash, randomBytes, randomUUID } from 'node:crypto';
import type { DuckDBConnection, DuckDBInstance } from '@duckdb/node-api';
import { isRole, roleSatisfies, systemOwner, type ApiToken, type Clock, type Role, type User } from '@kendali/contracts';

const ddl = `CREATE TABLE IF NOT EXISTS api_tokens (
  id VARCHAR PRIMARY KEY,
  name VARCHAR NOT NULL,
  role VARCHAR NOT NULL,
  token_hash VARCHAR NOT NULL UNIQUE,
  created_at TIMESTAMP NOT NULL,
  revoked BOOLEAN NOT NULL DEFAULT false
)`;
// Tokens made before tokens had owners were made by admins or at first start: the platform's own.
const migrations = [
  `ALTER TABLE api_tokens ADD COLUMN IF NOT EXISTS owner VARCHAR DEFAULT '${systemOwner}'`,
  'ALTER TABLE api_tokens ADD COLUMN IF NOT EXISTS expires_at TIMESTAMP',
];

/**
 * API tokens are 256-bit random strings, so they are stored as their SHA-256 digest: looked up on
 * every request, never recoverable from the database.
 */
const digest = (token: string) => createHash('sha256').update(token).digest('hex');

export const tokenPrefix = 'kdl_';

/** The people tokens belong to, as they are now (a token is checked against its owner at every use). */
export type TokenOwners = Pick<{ get(username: string): User | undefined }, 'get'>;

/** Whether a presented token may act, and with which role; why not otherwise. */
export type TokenCheck =
  | { readonly ok: true; readonly token: ApiToken }
  | { readonly ok: false; readonly reason: 'unknown' }
  | { readonly ok: false; readonly reason: 'expired' | 'owner-inactive'; readonly token: ApiToken };

const lowerRole = (a: Role, b: Role): Role => (roleSatisfies(a, b) ? b : a);
const isoOrNull = (value: unknown) => (value === null || value === undefined ? null : String(value));

/**
 * API tokens, each owned by a person (or by the platform, `@system`). A token acts with the role it
 * was given, never above its owner's role of the moment: demoting a person demotes their tokens, and
 * disabling or deleting them stops their tokens, at once. A token past its `expiresAt` is refused.
 */
export class ApiTokens {
  readonly #byDigest = new Map<string, ApiToken>();

  private constructor(
    private readonly connection: DuckDBConnection,
    private readonly clock: Clock,
    private readonly owners: TokenOwners,
  ) {}

  /** `clock` stamps when a token was made and says when one has expired; `owners` are the people's accounts. */
  static async open(instance: DuckDBInstance, clock: Clock, owners: TokenOwners): Promise<ApiTokens> {
    const connection = await instance.connect();
    await connection.run(ddl);
    for (const migration of migrations) await connection.run(migration);
    const tokens = new ApiTokens(connection, clock, owners);
    const reader = await connection.runAndReadAll(
      `SELECT id, name, role, token_hash, revoked, owner, strftime(created_at, '%Y-%m-%dT%H:%M:%S.%gZ') AS created_at,
              strftime(expires_at, '%Y-%m-%dT%H:%M:%S.%gZ') AS expires_at FROM api_tokens`,
    );
    for (const row of reader.getRowObjectsJS()) {
      if (!isRole(row.role)) continue;
      tokens.#byDigest.set(String(row.token_hash), {
        id: String(row.id),
        name: String(row.name),
        role: row.role,
        createdAt: String(row.created_at),
        revoked: row.revoked === true,
        owner: isoOrNull(row.owner) ?? systemOwner,
        expiresAt: isoOrNull(row.expires_at),
      });
    }
    return tokens;
  }

  /** Whether a presented secret is a token that may act now, with the role it acts with. */
  check(secret: string): TokenCheck {
    const found = this.#byDigest.get(digest(secret));
    if (found === undefined || found.revoked) return { ok: false, reason: 'unknown' };
    return this.#standing(found);
  }

  /** The token behind a presented secret, with the role it acts with, if it may act now. */
  verify(secret: string): ApiToken | undefined {
    const check = this.check(secret);
    return check.ok ? check.token : undefined;
  }

  /** The token with this id as it may act now (its owner's role applied), or undefined if it may not. */
  current(id: string): ApiToken | undefined {
    const found = this.#find(id)?.[1];
    if (found === undefined || found.revoked) return undefined;
    const standing = this.#standing(found);
    return standing.ok ? standing.token : undefined;
  }

  /** Every token, or those of one owner; each with the role it acts with now. */
  list(owner?: string): ApiToken[] {
    return [...this.#byDigest.values()]
      .filter((token) => owner === undefined || token.owner === owner)
      .map((token) => (token.revoked ? token : (this.#standing(token).token ?? token)))
      .sort((a, b) => a.createdAt.localeCompare(b.createdAt));
  }

  get(id: string): ApiToken | undefined {
    return this.#find(id)?.[1];
  }

  hasActive(role: Role): boolean {
    return this.list().some((token) => token.role === role && !token.revoked && this.#standing(token).ok);
  }

  /**
   * Creates a token; its secret is returned this once. The caller has checked that `role` is not
   * above the owner's (or the creating credential's) role.
   */
  async create(
    name: string,
    role: Role,
    { owner = systemOwner, expiresAt = null }: { readonly owner?: string; readonly expiresAt?: string | null } = {},
    secret = `${tokenPrefix}${randomBytes(32).toString('base64url')}`,
  ): Promise<{ token: string; record: ApiToken }> {
    const record: ApiToken = {
      id: randomUUID(),
      name,
      role,
      createdAt: new Date(this.clock.now()).toISOString(),
      revoked: false,
      owner,
      expiresAt: expiresAt === null ? null : new Date(expiresAt).toISOString(),
    };
    const hash = digest(secret);
    await this.connection.run(
      `INSERT INTO api_tokens (id, name, role, token_hash, created_at, owner, expires_at)
       VALUES ($id, $name, $role, $hash, $createdAt::TIMESTAMP, $owner, $expiresAt::TIMESTAMP)`,
      { id: record.id, name, role, hash, createdAt: record.createdAt.replace('Z', ''), owner, expiresAt: record.expiresAt?.replace('Z', '') ?? null },
    );
    this.#byDigest.set(hash, record);
    return { token: secret, record };
  }

  /** Makes sure a given secret (e.g. from KENDALI_ADMIN_TOKEN) is an active token of `role`, owned by the platform. */
  async ensure(secret: string, role: Role, name: string): Promise<ApiToken> {
    const existing = this.#byDigest.get(digest(secret));
    if (existing && !existing.revoked && existing.role === role && existing.owner === systemOwner && existing.expiresAt === null) return existing;
    if (existing) await this.connection.run('DELETE FROM api_tokens WHERE id = $id', { id: existing.id });
    this.#byDigest.delete(digest(secret));
    return (await this.create(name, role, { owner: systemOwner }, secret)).record;
  }

  async revoke(id: string): Promise<boolean> {
    const entry = this.#find(id);
    if (entry === undefined) return false;
    await this.connection.run('UPDATE api_tokens SET revoked = true WHERE id = $id', { id });
    this.#byDigest.set(entry[0], { ...entry[1], revoked: true });
    return true;
  }

  close(): void {
    this.connection.closeSync();
  }

  #find(id: string): [string, ApiToken] | undefined {
    return [...this.#byDigest.entries()].find(([, token]) => token.id === id);
  }

  /** A stored, unrevoked token as it stands now: expired, its owner gone or disabled, or acting with the lower of its and its owner's roles. */
  #standing(token: ApiToken): TokenCheck & { readonly token?: ApiToken } {
    if (token.expiresAt !== null && Date.parse(token.expiresAt) <= this.clock.now()) return { ok: false, reason: 'expired', token };
    if (token.owner === systemOwner) return { ok: true, token };
    const owner = this.owners.get(token.owner);
    if (owner === undefined || !owner.enabled) return { ok: false, reason: 'owner-inactive', token };
    const role = lowerRole(token.role, owner.role);
    return { ok: true, token: role === token.role ? token : { ...token, role } };
  }
}
