import type { ClientBase } from 'pg';
import { IngestError } from '../errors';

/** One step of the shared schema: applied once, in order, never edited after release (add a new one instead). */
export interface Migration {
  readonly version: number;
  readonly name: string;
  readonly sql: string;
}

// Every row change of a cached table is announced on this channel as `table:key`, by the database
// itself: a change made by another node, or by hand in psql, reaches every node's cache alike.
export const changeChannel = 'kendali_shared_state';

const announceChanges = (table: string, keyColumn: string) => `
  CREATE TRIGGER ${table}_changed AFTER INSERT OR UPDATE OR DELETE ON ${table}
  FOR EACH ROW EXECUTE FUNCTION kendali_announce_change('${keyColumn}');`;

export const migrations: readonly Migration[] = [
  {
    version: 1,
    name: 'people and the audit log',
    sql: `
      CREATE FUNCTION kendali_announce_change() RETURNS trigger LANGUAGE plpgsql AS $$
      DECLARE changed jsonb;
      BEGIN
        IF TG_OP = 'DELETE' THEN changed := to_jsonb(OLD); ELSE changed := to_jsonb(NEW); END IF;
        PERFORM pg_notify('${changeChannel}', TG_TABLE_NAME || ':' || (changed ->> TG_ARGV[0]));
        RETURN NULL;
      END $$;
      CREATE TABLE users (
        username TEXT PRIMARY KEY, display_name TEXT NOT NULL, role TEXT NOT NULL, department TEXT,
        enabled BOOLEAN NOT NULL, password_hash TEXT NOT NULL, created_at BIGINT NOT NULL, created_by TEXT NOT NULL,
        last_sign_in_at BIGINT, password_changed_at BIGINT NOT NULL, source TEXT NOT NULL DEFAULT 'local', external_subject TEXT);
      CREATE TABLE sessions (
        id_hash TEXT PRIMARY KEY, username TEXT NOT NULL, csrf_token TEXT NOT NULL,
        created_at BIGINT NOT NULL, last_seen_at BIGINT NOT NULL);
      CREATE TABLE api_tokens (
        id TEXT PRIMARY KEY, name TEXT NOT NULL, role TEXT NOT NULL, token_hash TEXT NOT NULL UNIQUE,
        created_at BIGINT NOT NULL, revoked BOOLEAN NOT NULL DEFAULT false, owner TEXT NOT NULL, expires_at BIGINT);
      CREATE TABLE displays (
        id TEXT PRIMARY KEY, name TEXT NOT NULL, credential_hash TEXT NOT NULL UNIQUE,
        created_at BIGINT NOT NULL, created_by TEXT NOT NULL, expires_at BIGINT NOT NULL,
        last_seen_at BIGINT, revoked_at BIGINT);
      CREATE TABLE audit_log (
        seq BIGINT PRIMARY KEY, at_ms BIGINT NOT NULL, actor TEXT NOT NULL, role TEXT, address TEXT NOT NULL,
        action TEXT NOT NULL, target TEXT, status INTEGER NOT NULL, summary TEXT NOT NULL,
        prev_hash TEXT NOT NULL, hash TEXT NOT NULL);
      CREATE INDEX audit_log_actor ON audit_log (actor, seq);
      CREATE INDEX audit_log_target ON audit_log (target, seq);
      ${announceChanges('users', 'username')}
      ${announceChanges('sessions', 'id_hash')}
      ${announceChanges('api_tokens', 'id')}
      ${announceChanges('displays', 'id')}`,
  },
  {
    version: 2,
    name: 'devices, pending devices and device profiles',
    // Times as ISO text, as the registry's API gives them; a profile row is announced by its kind,
    // whose newest version is the one in force.
    sql: `
      CREATE TABLE devices (
        id TEXT PRIMARY KEY, kind TEXT NOT NULL, name TEXT NOT NULL, district TEXT NOT NULL,
        lat DOUBLE PRECISION, lon DOUBLE PRECISION, enabled BOOLEAN NOT NULL DEFAULT true,
        install_date TEXT, metadata TEXT, created_at TEXT NOT NULL, secret_hash TEXT, credential_set_at TEXT);
      CREATE TABLE pending_devices (
        id TEXT PRIMARY KEY, first_seen BIGINT NOT NULL, last_seen BIGINT NOT NULL,
        remote_address TEXT NOT NULL, attempts INTEGER NOT NULL, approved_at BIGINT);
      CREATE TABLE device_profiles (
        kind TEXT NOT NULL, version INTEGER NOT NULL, built_in BOOLEAN NOT NULL, profile TEXT NOT NULL,
        changed_at_ms BIGINT NOT NULL, changed_by TEXT NOT NULL, changes TEXT NOT NULL, PRIMARY KEY (kind, version));
      ${announceChanges('devices', 'id')}
      ${announceChanges('pending_devices', 'id')}
      ${announceChanges('device_profiles', 'kind')}`,
  },
  {
    version: 3,
    name: 'alarms, their trail and the rule versions',
    // alarm_events.seq is given under an advisory lock (postgres-alarm-rows.ts), so it grows in
    // commit order and a node reading "the events after N" never skips one committed late; each
    // event carries the alarm as it left it, so a node applies exactly that change.
    sql: `
      CREATE TABLE alarms (
        id TEXT PRIMARY KEY, key TEXT NOT NULL, rule_id TEXT NOT NULL, type TEXT NOT NULL, severity TEXT NOT NULL,
        state TEXT NOT NULL, device_id TEXT, district TEXT, title_id TEXT NOT NULL, title_en TEXT NOT NULL,
        detail_id TEXT NOT NULL, detail_en TEXT NOT NULL, value DOUBLE PRECISION, threshold DOUBLE PRECISION,
        raised_at BIGINT NOT NULL, updated_at BIGINT NOT NULL, acknowledged_at BIGINT, acknowledged_by TEXT,
        ack_comment TEXT, cleared_at BIGINT, raise_count INTEGER NOT NULL, shelved_until BIGINT, shelved_by TEXT, shelve_reason TEXT);
      CREATE INDEX alarms_open ON alarms (key) WHERE state <> 'cleared';
      CREATE INDEX alarms_updated ON alarms (updated_at);
      CREATE TABLE alarm_events (
        seq BIGINT PRIMARY KEY, alarm_id TEXT NOT NULL, type TEXT NOT NULL, at_ms BIGINT NOT NULL, actor TEXT NOT NULL,
        comment TEXT, severity TEXT NOT NULL, alarm JSONB NOT NULL, writer TEXT NOT NULL);
      CREATE INDEX alarm_events_alarm ON alarm_events (alarm_id, seq);
      CREATE INDEX alarm_events_at ON alarm_events (at_ms, seq);
      CREATE TABLE alarm_rule_versions (version INTEGER PRIMARY KEY, at_ms BIGINT NOT NULL, actor TEXT NOT NULL, document TEXT NOT NULL);
      ${announceChanges('alarm_events', 'seq')}
      ${announceChanges('alarm_rule_versions', 'version')}`,
  },
  {
    version: 4,
    name: 'sign-in lock-outs and wall pairing codes',
    // rate_limits is rate-limiter-flexible's RateLimiterPostgres table (key = "<guard>:<key>", expire ms epoch).
    // A pairing holds no usable secret: the poll id only as its digest, the credential sealed to a key only the wall's poll id opens.
    sql: `
      CREATE TABLE rate_limits (key TEXT PRIMARY KEY, points INTEGER NOT NULL DEFAULT 0, expire BIGINT);
      CREATE TABLE display_pairings (
        code TEXT PRIMARY KEY, poll_id_hash TEXT NOT NULL UNIQUE, seal_key TEXT NOT NULL, expires_at BIGINT NOT NULL,
        confirming BOOLEAN NOT NULL DEFAULT false, sealed_credential TEXT, display JSONB);
      CREATE INDEX display_pairings_expiry ON display_pairings (expires_at);`,
  },
  {
    version: 5,
    name: 'commands and device settings',
    // Shared so that a device's answer, taken by whichever api node the broker hands it to, settles
    // the command or records the report every node shows. Both announce their changes: each node
    // keeps the waiting commands (to expire them) and every device's settings in memory.
    sql: `
      CREATE TABLE commands (
        id TEXT PRIMARY KEY, device_id TEXT NOT NULL, kind TEXT NOT NULL, name TEXT NOT NULL, params TEXT NOT NULL,
        state TEXT NOT NULL, created_at BIGINT NOT NULL, created_by TEXT NOT NULL, sent_at BIGINT, done_at BIGINT,
        expires_at BIGINT NOT NULL, detail TEXT);
      CREATE INDEX commands_device ON commands (device_id, created_at);
      CREATE INDEX commands_created ON commands (created_at);
      CREATE INDEX commands_waiting ON commands (created_at) WHERE state IN ('queued', 'sent');
      CREATE TABLE device_settings (
        device_id TEXT PRIMARY KEY, desired TEXT NOT NULL, version INTEGER NOT NULL, desired_at BIGINT, desired_by TEXT,
        reported TEXT, reported_version INTEGER, reported_at BIGINT, different_since BIGINT);
      ${announceChanges('commands', 'id')}
      ${announceChanges('device_settings', 'device_id')}`,
  },
];

// pg_advisory_xact_lock key: "kend" in ASCII, read as a number. Held only by a migrating transaction.
const migrationLock = 0x6b656e64;

/**
 * Brings the shared schema up to this release: every migration not yet recorded in
 * `schema_migrations`, in order, in one transaction under an advisory lock, so nodes starting
 * together apply each exactly once (the second waits, then finds nothing to do) and a failed step
 * leaves the schema as it was. A database migrated by a newer release is refused, not guessed at.
 */
export async function migrate(client: ClientBase, steps: readonly Migration[] = migrations): Promise<number[]> {
  await client.query('BEGIN');
  try {
    await client.query('SELECT pg_advisory_xact_lock($1)', [migrationLock]);
    await client.query('CREATE TABLE IF NOT EXISTS schema_migrations (version INTEGER PRIMARY KEY, name TEXT NOT NULL, applied_at TIMESTAMPTZ NOT NULL DEFAULT now())');
    const { rows } = await client.query<{ version: number }>('SELECT version FROM schema_migrations');
    const applied = new Set(rows.map((row) => Number(row.version)));
    const newest = Math.max(0, ...steps.map((step) => step.version));
    const unknown = [...applied].filter((version) => version > newest);
    if (unknown.length > 0) {
      throw new IngestError('KENDALI_ERR_DATABASE_NEWER', `the database holds schema version ${Math.max(...unknown)}, newer than this release knows (${newest}): run the release that migrated it, or a newer one`);
    }
    const done: number[] = [];
    for (const step of steps) {
      if (applied.has(step.version)) continue;
      await client.query(step.sql);
      await client.query('INSERT INTO schema_migrations (version, name) VALUES ($1, $2)', [step.version, step.name]);
      done.push(step.version);
    }
    await client.query('COMMIT');
    return done;
  } catch (error) {
    await client.query('ROLLBACK').catch(() => undefined);
    throw error;
  }
}
