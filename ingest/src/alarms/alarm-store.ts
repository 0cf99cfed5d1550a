import type { DuckDBConnection, DuckDBInstance } from '@duckdb/node-api';
import type { Alarm, AlarmEvent, AlarmRuleVersion, AlarmSeverity } from '@kendali/contracts';
import type { AlarmRulesDocument } from '@kendali/contracts';
import { alarmColumns, rowToAlarm, sameRevision, str, type AlarmEventQuery, type AlarmQuery, type AlarmRows, type RecordOutcome } from './alarm-rows';
import { migrateStoredRules } from './rule-migration';
import { SerialWrites } from '../serial-writes';

const ddl = [
  `CREATE TABLE IF NOT EXISTS alarms (
    id VARCHAR PRIMARY KEY, key VARCHAR NOT NULL, rule_id VARCHAR NOT NULL, type VARCHAR NOT NULL,
    severity VARCHAR NOT NULL, state VARCHAR NOT NULL, device_id VARCHAR, district VARCHAR,
    title_id VARCHAR NOT NULL, title_en VARCHAR NOT NULL, detail_id VARCHAR NOT NULL, detail_en VARCHAR NOT NULL,
    value DOUBLE, threshold DOUBLE, raised_at BIGINT NOT NULL, updated_at BIGINT NOT NULL,
    acknowledged_at BIGINT, acknowledged_by VARCHAR, ack_comment VARCHAR, cleared_at BIGINT,
    raise_count INTEGER NOT NULL, shelved_until BIGINT, shelved_by VARCHAR, shelve_reason VARCHAR)`,
  `CREATE TABLE IF NOT EXISTS alarm_events (
    alarm_id VARCHAR NOT NULL, type VARCHAR NOT NULL, at_ms BIGINT NOT NULL, actor VARCHAR NOT NULL, comment VARCHAR, severity VARCHAR NOT NULL)`,
  `CREATE TABLE IF NOT EXISTS alarm_rule_versions (version INTEGER PRIMARY KEY, at_ms BIGINT NOT NULL, actor VARCHAR NOT NULL, document VARCHAR NOT NULL)`,
];

/** WHERE clauses and their bound parameters, built up one filter at a time. */
function conditions(limit: number) {
  const where: string[] = [];
  const params: Record<string, string | number> = { limit };
  const add = (clause: string, name: string, value: string | number) => {
    where.push(clause);
    params[name] = value;
  };
  return { where, params, add };
}

/**
 * Alarms, their audit trail and the rule versions, in the embedded database. Writes go one after
 * another on their own connection and never hold up the readings' commits.
 */
export class AlarmStore implements AlarmRows {
  readonly #writes = new SerialWrites();

  private constructor(private readonly connection: DuckDBConnection) {}

  static async open(instance: DuckDBInstance): Promise<AlarmStore> {
    const connection = await instance.connect();
    for (const statement of ddl) await connection.run(statement);
    return new AlarmStore(connection);
  }

  async openAlarms(): Promise<Alarm[]> {
    const reader = await this.connection.runAndReadAll(`SELECT ${alarmColumns} FROM alarms WHERE state <> 'cleared'`);
    return reader.getRowObjectsJS().map(rowToAlarm);
  }

  async query(query: AlarmQuery): Promise<Alarm[]> {
    const { where, params, add } = conditions(query.limit);
    if (query.states?.length) where.push(`state IN (${query.states.map((s) => `'${s}'`).join(', ')})`); // enum values only
    if (query.severity) add('severity = $severity', 'severity', query.severity);
    if (query.district) add('district = $district', 'district', query.district);
    if (query.deviceId) add('device_id = $device', 'device', query.deviceId);
    if (query.sinceMs !== undefined) add('updated_at >= $since', 'since', query.sinceMs);
    const sql = `SELECT ${alarmColumns} FROM alarms ${where.length ? `WHERE ${where.join(' AND ')}` : ''} ORDER BY updated_at DESC LIMIT $limit`;
    await this.#writes.settled(); // read what was just written
    return (await this.connection.runAndReadAll(sql, params)).getRowObjectsJS().map(rowToAlarm);
  }

  async get(id: string): Promise<Alarm | undefined> {
    await this.#writes.settled();
    const rows = (await this.connection.runAndReadAll(`SELECT ${alarmColumns} FROM alarms WHERE id = $id`, { id })).getRowObjectsJS();
    return rows[0] ? rowToAlarm(rows[0]) : undefined;
  }

  async events(query: AlarmEventQuery): Promise<AlarmEvent[]> {
    const { where, params, add } = conditions(query.limit);
    if (query.alarmId) add('alarm_id = $alarm', 'alarm', query.alarmId);
    if (query.fromMs !== undefined) add('at_ms >= $from', 'from', query.fromMs);
    if (query.toMs !== undefined) add('at_ms < $to', 'to', query.toMs);
    await this.#writes.settled();
    const reader = await this.connection.runAndReadAll(
      `SELECT * FROM alarm_events ${where.length ? `WHERE ${where.join(' AND ')}` : ''} ORDER BY at_ms, rowid LIMIT $limit`,
      params,
    );
    return reader.getRowObjectsJS().map((row) => ({
      alarmId: String(row.alarm_id),
      type: String(row.type) as AlarmEvent['type'],
      at: Number(row.at_ms),
      by: String(row.actor),
      comment: str(row.comment),
      severity: String(row.severity) as AlarmSeverity,
    }));
  }

  /** Persists an alarm's new state together with the audit line that explains it (see `AlarmRows.record`). */
  record(alarm: Alarm, event: AlarmEvent, from?: Alarm): Promise<RecordOutcome> {
    return this.#writes.run(async () => {
      await this.connection.run('BEGIN TRANSACTION');
      try {
        if (from !== undefined) {
          const stored = (await this.connection.runAndReadAll(`SELECT ${alarmColumns} FROM alarms WHERE id = $id`, { id: from.id })).getRowObjectsJS()[0];
          const current = stored === undefined ? undefined : rowToAlarm(stored);
          if (current === undefined || !sameRevision(current, from)) {
            await this.connection.run('ROLLBACK');
            return { written: false, current };
          }
        }
        await this.connection.run(
          `INSERT OR REPLACE INTO alarms (${alarmColumns}) VALUES ($id, $key, $ruleId, $type, $severity, $state, $deviceId, $district,
            $titleId, $titleEn, $detailId, $detailEn, $value, $threshold, $raisedAt, $updatedAt, $acknowledgedAt, $acknowledgedBy,
            $ackComment, $clearedAt, $raiseCount, $shelvedUntil, $shelvedBy, $shelveReason)`,
          {
            id: alarm.id, key: alarm.key, ruleId: alarm.ruleId, type: alarm.type, severity: alarm.severity, state: alarm.state,
            deviceId: alarm.deviceId, district: alarm.district, titleId: alarm.title.id, titleEn: alarm.title.en,
            detailId: alarm.detail.id, detailEn: alarm.detail.en, value: alarm.value, threshold: alarm.threshold,
            raisedAt: alarm.raisedAt, updatedAt: alarm.updatedAt, acknowledgedAt: alarm.acknowledgedAt, acknowledgedBy: alarm.acknowledgedBy,
            ackComment: alarm.ackComment, clearedAt: alarm.clearedAt, raiseCount: alarm.raiseCount, shelvedUntil: alarm.shelvedUntil,
            shelvedBy: alarm.shelvedBy, shelveReason: alarm.shelveReason,
          },
        );
        await this.connection.run('INSERT INTO alarm_events VALUES ($alarmId, $type, $at, $by, $comment, $severity)', { ...event });
        await this.connection.run('COMMIT');
        return { written: true };
      } catch (error) {
        await this.connection.run('ROLLBACK');
        throw error;
      }
    });
  }

  async latestRules(): Promise<(AlarmRulesDocument & { at: number; by: string }) | undefined> {
    const rows = (await this.connection.runAndReadAll('SELECT * FROM alarm_rule_versions ORDER BY version DESC LIMIT 1')).getRowObjectsJS();
    const row = rows[0];
    if (!row) return undefined;
    const document = JSON.parse(String(row.document)) as AlarmRulesDocument;
    return { version: document.version, rules: migrateStoredRules(document.rules), at: Number(row.at_ms), by: String(row.actor) };
  }

  async ruleVersions(): Promise<AlarmRuleVersion[]> {
    await this.#writes.settled();
    const rows = (await this.connection.runAndReadAll('SELECT version, at_ms, actor FROM alarm_rule_versions ORDER BY version DESC')).getRowObjectsJS();
    return rows.map((row) => ({ version: Number(row.version), at: Number(row.at_ms), by: String(row.actor) }));
  }

  saveRules(document: AlarmRulesDocument, by: string, atMs: number): Promise<boolean> {
    return this.#writes.run(async () => {
      const reader = await this.connection.runAndReadAll('INSERT INTO alarm_rule_versions VALUES ($version, $at, $by, $document) ON CONFLICT DO NOTHING RETURNING version', {
        version: document.version, at: atMs, by, document: JSON.stringify(document),
      });
      return reader.getRows().length === 1;
    });
  }

  async close(): Promise<void> {
    await this.#writes.settled();
    this.connection.closeSync();
  }

}
