import { createHash, randomBytes, randomUUID } from 'node:crypto';
import type { DuckDBInstance } from '@duckdb/node-api';
import { roleSatisfies, systemOwner, type ApiToken, type Clock, type Role, type User } from '@kendali/contracts';
import { followTable, KeyedWrites } from '../shared-state/followed-table';
import type { ChangeFeed } from '../shared-state/shared-database';
import { DuckDbTokenRows, type TokenRows } from './token-rows';

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

/**
 * API tokens, each owned by a person (or by the platform, `@system`). A token acts with the role it
 * was given, never above its owner's role of the moment: demoting a person demotes their tokens, and
 * disabling or deleting them stops their tokens, at once. A token past its `expiresAt` is refused.
 *
 * Tokens are looked up in memory on every request. With PostgreSQL shared by several nodes the
 * memory follows every node's changes through `changes` (LISTEN/NOTIFY, not a time-to-live): a token
 * revoked on one node is refused on the others as soon as the notification arrives, milliseconds
 * after the revoking transaction commits, rather than after a TTL that would let it act meanwhile.
 */
export class ApiTokens {
  #byDigest = new Map<string, ApiToken>();
  readonly #writes = new KeyedWrites();

  private constructor(
    private readonly rows: TokenRows,
    private readonly clock: Clock,
    private readonly owners: TokenOwners,
  ) {}

  /** `clock` stamps when a token was made and says when one has expired; `owners` are the people's accounts. */
  static async open(instance: DuckDBInstance, clock: Clock, owners: TokenOwners): Promise<ApiTokens> {
    return ApiTokens.over(await DuckDbTokenRows.open(instance), clock, owners);
  }

  /** Tokens in `rows`; `changes` tells of those another node made, revoked or deleted. */
  static async over(rows: TokenRows, clock: Clock, owners: TokenOwners, changes?: ChangeFeed): Promise<ApiTokens> {
    const tokens = new ApiTokens(rows, clock, owners);
    await followTable(changes, 'api_tokens', () => tokens.#reload(), (id) => tokens.#reloadOne(id));
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
    if (!(await this.#writes.write(record.id, () => this.rows.insert({ hash, token: record })))) {
      // Only a given secret can be taken already: another node sharing the database ensured it at the same moment.
      await this.#reload();
      const made = this.#byDigest.get(hash);
      if (made === undefined) throw new Error('an API token with this secret exists and could not be read back');
      return { token: secret, record: made };
    }
    this.#byDigest.set(hash, record);
    return { token: secret, record };
  }

  /** Makes sure a given secret (e.g. from KENDALI_ADMIN_TOKEN) is an active token of `role`, owned by the platform. */
  async ensure(secret: string, role: Role, name: string): Promise<ApiToken> {
    const existing = this.#byDigest.get(digest(secret));
    if (existing && !existing.revoked && existing.role === role && existing.owner === systemOwner && existing.expiresAt === null) return existing;
    if (existing) await this.#writes.write(existing.id, () => this.rows.remove(existing.id));
    this.#byDigest.delete(digest(secret));
    return (await this.create(name, role, { owner: systemOwner }, secret)).record;
  }

  async revoke(id: string): Promise<boolean> {
    const entry = this.#find(id);
    if (entry === undefined) return false;
    await this.#writes.write(id, () => this.rows.revoke(id));
    this.#byDigest.set(entry[0], { ...entry[1], revoked: true });
    return true;
  }

  async close(): Promise<void> {
    await this.rows.close();
  }

  async #reload(): Promise<void> {
    this.#byDigest = new Map((await this.rows.all()).map((stored) => [stored.hash, stored.token]));
  }

  async #reloadOne(id: string): Promise<void> {
    const read = await this.#writes.read(id, () => this.rows.one(id));
    if (read === null) return;
    const stored = read.row;
    const known = this.#find(id);
    if (known !== undefined) this.#byDigest.delete(known[0]);
    if (stored !== undefined) this.#byDigest.set(stored.hash, stored.token);
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
