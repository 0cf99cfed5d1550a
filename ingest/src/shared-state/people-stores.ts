import type { DuckDBInstance } from '@duckdb/node-api';
import type { Clock } from '@kendali/contracts';
import { ApiTokens } from '../auth/api-tokens';
import { AuditLog } from '../audit/audit-log';
import { Displays } from '../people/displays';
import { memoryLimiters, type Limiters } from '../people/limiters';
import { MemoryPairingRows, type PairingRows } from '../people/pairing-rows';
import { defaultSessionOptions, Sessions, type SessionOptions } from '../people/sessions';
import { Users } from '../people/users';
import { PostgresAuditRows } from './postgres-audit-rows';
import { PostgresDisplayRows } from './postgres-display-rows';
import { PostgresLimiters } from './postgres-limiters';
import { PostgresPairingRows } from './postgres-pairing-rows';
import { PostgresSessionRows } from './postgres-session-rows';
import { PostgresTokenRows } from './postgres-token-rows';
import { PostgresUserRows } from './postgres-user-rows';
import { SharedDatabase } from './shared-database';

/** People's accounts, their sessions and tokens, wall screens' credentials, and the audit log. */
export interface PeopleStores {
  readonly users: Users;
  readonly sessions: Sessions;
  readonly tokens: ApiTokens;
  readonly displays: Displays;
  readonly audit: AuditLog;
  /** Counters of failed sign-ins and connects and of pairing codes asked for: this node's, or every node's in PostgreSQL. */
  readonly limiters: Limiters;
  /** Wall pairings waiting for their confirmation: this node's, or every node's in PostgreSQL. */
  readonly pairingRows: PairingRows;
  /** The PostgreSQL database they live in; null when they live in the embedded database file. */
  readonly shared: SharedDatabase | null;
  /** Waits for their writes, then closes them (and the shared database's connections). */
  close(): Promise<void>;
}

export interface PeopleStoreOptions {
  readonly clock: Clock;
  readonly sessions?: SessionOptions;
  /** PostgreSQL shared by several nodes (postgres:// URL); null or absent = the embedded database file. */
  readonly databaseUrl?: string | null;
}

/** Opens the people's stores in PostgreSQL when a database URL is given, in the embedded file otherwise. */
export async function openPeopleStores(instance: DuckDBInstance, options: PeopleStoreOptions): Promise<PeopleStores> {
  const { clock } = options;
  const sessionOptions = options.sessions ?? defaultSessionOptions;
  if (options.databaseUrl === undefined || options.databaseUrl === null) {
    const audit = await AuditLog.open(instance, clock);
    const users = await Users.open(instance, clock);
    const tokens = await ApiTokens.open(instance, clock, users);
    const displays = await Displays.open(instance, clock);
    const sessions = await Sessions.open(instance, clock, users, sessionOptions);
    return { users, sessions, tokens, displays, audit, limiters: memoryLimiters, pairingRows: new MemoryPairingRows(), shared: null, close: () => closeAll(audit, sessions, displays, users, tokens) };
  }
  const shared = await SharedDatabase.open({ url: options.databaseUrl });
  const limiters = new PostgresLimiters(shared);
  try {
    const audit = await AuditLog.over(new PostgresAuditRows(shared), clock);
    const users = await Users.over(new PostgresUserRows(shared), clock, shared);
    const tokens = await ApiTokens.over(new PostgresTokenRows(shared), clock, users, shared);
    const displays = await Displays.over(new PostgresDisplayRows(shared), clock, shared);
    const sessions = await Sessions.over(new PostgresSessionRows(shared), clock, users, sessionOptions, shared);
    return {
      users,
      sessions,
      tokens,
      displays,
      audit,
      limiters: limiters.make,
      pairingRows: new PostgresPairingRows(shared),
      shared,
      close: async () => {
        await closeAll(audit, sessions, displays, users, tokens);
        limiters.close();
        await shared.close();
      },
    };
  } catch (error) {
    limiters.close();
    await shared.close();
    throw error;
  }
}

async function closeAll(...stores: { close(): Promise<void> }[]): Promise<void> {
  for (const store of stores) await store.close();
}
