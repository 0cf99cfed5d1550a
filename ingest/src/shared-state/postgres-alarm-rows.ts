import type { Alarm, AlarmEvent, AlarmRuleVersion, AlarmRulesDocument, AlarmSeverity } from '@kendali/contracts';
import { alarmColumns, alarmValues, rowToAlarm, sameRevision, str, type AlarmEventQuery, type AlarmQuery, type AlarmRows, type RecordOutcome } from '../alarms/alarm-rows';
import { migrateStoredRules } from '../alarms/rule-migration';
import type { SharedDatabase } from './shared-database';

// pg_advisory_xact_lock key: "alrm" in ASCII. Every alarm write takes it, so event numbers grow in commit order.
const writeLock = 0x616c726d;

/** One change of an alarm as every node learns it: the audit line, the alarm as it left it, and which node wrote it. */
export interface AlarmChange {
  readonly seq: number;
  readonly event: AlarmEvent;
  readonly alarm: Alarm;
  readonly writer: string;
}

const placeholders = (count: number, from = 1) => Array.from({ length: count }, (_, i) => `$${i + from}`).join(', ');

function rowToEvent(row: Record<string, unknown>): AlarmEvent {
  return {
    alarmId: String(row.alarm_id),
    type: String(row.type) as AlarmEvent['type'],
    at: Number(row.at_ms),
    by: String(row.actor),
    comment: str(row.comment),
    severity: String(row.severity) as AlarmSeverity,
  };
}

/**
 * Alarms, their audit trail and the rule versions in the shared PostgreSQL database. Each write is
 * one transaction: the alarm row and its audit line (numbered, with the alarm as it left it, for
 * the other nodes' `changesAfter`).
 */
export class PostgresAlarmRows implements AlarmRows {
  /** `writer`: this node, as its changes are marked (so it knows its own when they come back). */
  constructor(
    private readonly database: SharedDatabase,
    readonly writer: string,
  ) {}

  async openAlarms(): Promise<Alarm[]> {
    return (await this.database.pool.query(`SELECT ${alarmColumns} FROM alarms WHERE state <> 'cleared'`)).rows.map(rowToAlarm);
  }

  async query(query: AlarmQuery): Promise<Alarm[]> {
    const where: string[] = [];
    const params: unknown[] = [];
    const add = (clause: (slot: string) => string, value: unknown) => {
      params.push(value);
      where.push(clause(`$${params.length}`));
    };
    if (query.states?.length) add((slot) => `state = ANY(${slot})`, [...query.states]);
    if (query.severity) add((slot) => `severity = ${slot}`, query.severity);
    if (query.district) add((slot) => `district = ${slot}`, query.district);
    if (query.deviceId) add((slot) => `device_id = ${slot}`, query.deviceId);
    if (query.sinceMs !== undefined) add((slot) => `updated_at >= ${slot}`, query.sinceMs);
    params.push(query.limit);
    const sql = `SELECT ${alarmColumns} FROM alarms ${where.length ? `WHERE ${where.join(' AND ')}` : ''} ORDER BY updated_at DESC, id LIMIT $${params.length}`;
    return (await this.database.pool.query(sql, params)).rows.map(rowToAlarm);
  }

  async get(id: string): Promise<Alarm | undefined> {
    const row = (await this.database.pool.query(`SELECT ${alarmColumns} FROM alarms WHERE id = $1`, [id])).rows[0] as Record<string, unknown> | undefined;
    return row === undefined ? undefined : rowToAlarm(row);
  }

  async events(query: AlarmEventQuery): Promise<AlarmEvent[]> {
    const where: string[] = [];
    const params: unknown[] = [];
    const add = (clause: (slot: string) => string, value: unknown) => {
      params.push(value);
      where.push(clause(`$${params.length}`));
    };
    if (query.alarmId) add((slot) => `alarm_id = ${slot}`, query.alarmId);
    if (query.fromMs !== undefined) add((slot) => `at_ms >= ${slot}`, query.fromMs);
    if (query.toMs !== undefined) add((slot) => `at_ms < ${slot}`, query.toMs);
    params.push(query.limit);
    const sql = `SELECT * FROM alarm_events ${where.length ? `WHERE ${where.join(' AND ')}` : ''} ORDER BY at_ms, seq LIMIT $${params.length}`;
    return (await this.database.pool.query(sql, params)).rows.map(rowToEvent);
  }

  async record(alarm: Alarm, event: AlarmEvent, from?: Alarm): Promise<RecordOutcome> {
    return this.database.transaction(async (client) => {
      await client.query('SELECT pg_advisory_xact_lock($1)', [writeLock]);
      if (from !== undefined) {
        const stored = (await client.query(`SELECT ${alarmColumns} FROM alarms WHERE id = $1`, [from.id])).rows[0] as Record<string, unknown> | undefined;
        const current = stored === undefined ? undefined : rowToAlarm(stored);
        if (current === undefined || !sameRevision(current, from)) return { written: false, current };
      }
      const values = alarmValues(alarm);
      const updates = alarmColumns
        .split(',')
        .map((column) => column.trim())
        .filter((column) => column !== 'id')
        .map((column) => `${column} = EXCLUDED.${column}`)
        .join(', ');
      await client.query(`INSERT INTO alarms (${alarmColumns}) VALUES (${placeholders(values.length)}) ON CONFLICT (id) DO UPDATE SET ${updates}`, values);
      const { rows } = await client.query<{ seq: string }>(
        `INSERT INTO alarm_events (seq, alarm_id, type, at_ms, actor, comment, severity, alarm, writer)
         SELECT COALESCE(MAX(seq), 0) + 1, $1, $2, $3, $4, $5, $6, $7, $8 FROM alarm_events RETURNING seq`,
        [event.alarmId, event.type, event.at, event.by, event.comment, event.severity, JSON.stringify(alarm), this.writer],
      );
      return { written: true, seq: Number(rows[0]?.seq) };
    });
  }

  /** The newest change's number (0 when there is none): where a node that starts now follows on from. */
  async lastChange(): Promise<number> {
    const { rows } = await this.database.pool.query<{ seq: string | null }>('SELECT MAX(seq) AS seq FROM alarm_events');
    return Number(rows[0]?.seq ?? 0);
  }

  /** Changes after number `afterSeq`, oldest first, at most `limit`. */
  async changesAfter(afterSeq: number, limit: number): Promise<AlarmChange[]> {
    const { rows } = await this.database.pool.query('SELECT * FROM alarm_events WHERE seq > $1 ORDER BY seq LIMIT $2', [afterSeq, limit]);
    return rows.map((row: Record<string, unknown>) => ({ seq: Number(row.seq), event: rowToEvent(row), alarm: row.alarm as Alarm, writer: String(row.writer) }));
  }

  async latestRules(): Promise<(AlarmRulesDocument & { at: number; by: string }) | undefined> {
    const row = (await this.database.pool.query('SELECT * FROM alarm_rule_versions ORDER BY version DESC LIMIT 1')).rows[0] as Record<string, unknown> | undefined;
    if (row === undefined) return undefined;
    const document = JSON.parse(String(row.document)) as AlarmRulesDocument;
    return { version: document.version, rules: migrateStoredRules(document.rules), at: Number(row.at_ms), by: String(row.actor) };
  }

  async ruleVersions(): Promise<AlarmRuleVersion[]> {
    const { rows } = await this.database.pool.query('SELECT version, at_ms, actor FROM alarm_rule_versions ORDER BY version DESC');
    return rows.map((row: Record<string, unknown>) => ({ version: Number(row.version), at: Number(row.at_ms), by: String(row.actor) }));
  }

  async saveRules(document: AlarmRulesDocument, by: string, atMs: number): Promise<boolean> {
    const { rowCount } = await this.database.pool.query('INSERT INTO alarm_rule_versions (version, at_ms, actor, document) VALUES ($1, $2, $3, $4) ON CONFLICT (version) DO NOTHING', [
      document.version,
      atMs,
      by,
      JSON.stringify(document),
    ]);
    return rowCount === 1;
  }

  async close(): Promise<void> {
    // The pool is the shared database's, closed with it.
  }
}
