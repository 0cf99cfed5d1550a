import type { DuckDBConnection, DuckDBInstance } from '@duckdb/node-api';
import type { Command } from '@kendali/contracts';
import { SerialWrites } from '../serial-writes';
import { commandColumns as columns, rowToCommand, statesBefore, type CommandQuery, type CommandStore } from './command-store';

const ddl = `CREATE TABLE IF NOT EXISTS commands (
  id VARCHAR PRIMARY KEY, device_id VARCHAR NOT NULL, kind VARCHAR NOT NULL, name VARCHAR NOT NULL, params VARCHAR NOT NULL,
  state VARCHAR NOT NULL, created_at BIGINT NOT NULL, created_by VARCHAR NOT NULL, sent_at BIGINT, done_at BIGINT,
  expires_at BIGINT NOT NULL, detail VARCHAR)`;

const values = '$id, $deviceId, $kind, $name, $params, $state, $createdAt, $createdBy, $sentAt, $doneAt, $expiresAt, $detail';
const rowsPerInsert = 500; // rows bound in one INSERT: few round trips for a group command, statements of modest size

const bound = (command: Command) => ({ ...command, params: JSON.stringify(command.params) });

/**
 * Commands to devices and where each stands, in the embedded database. Writes go one after another
 * on their own connection, as the alarms' do, and never hold up the readings' commits.
 */
export class DuckDbCommandStore implements CommandStore {
  readonly #writes = new SerialWrites();

  private constructor(private readonly connection: DuckDBConnection) {}

  static async open(instance: DuckDBInstance): Promise<DuckDbCommandStore> {
    const connection = await instance.connect();
    await connection.run(ddl);
    return new DuckDbCommandStore(connection);
  }

  async waiting(): Promise<Command[]> {
    const reader = await this.connection.runAndReadAll(`SELECT ${columns} FROM commands WHERE state IN ('queued', 'sent') ORDER BY created_at, id`);
    return reader.getRowObjectsJS().map(rowToCommand);
  }

  async query(query: CommandQuery): Promise<Command[]> {
    const where: string[] = [];
    const params: Record<string, string | number> = { limit: query.limit };
    if (query.deviceId !== undefined) {
      where.push('device_id = $device');
      params.device = query.deviceId;
    }
    if (query.state !== undefined) {
      where.push('state = $state');
      params.state = query.state;
    }
    await this.#writes.settled(); // read what was just written
    const sql = `SELECT ${columns} FROM commands ${where.length ? `WHERE ${where.join(' AND ')}` : ''} ORDER BY created_at DESC, id DESC LIMIT $limit`;
    return (await this.connection.runAndReadAll(sql, params)).getRowObjectsJS().map(rowToCommand);
  }

  async get(id: string): Promise<Command | undefined> {
    await this.#writes.settled();
    const rows = (await this.connection.runAndReadAll(`SELECT ${columns} FROM commands WHERE id = $id`, { id })).getRowObjectsJS();
    return rows[0] ? rowToCommand(rows[0]) : undefined;
  }

  /** Stores new commands, all or none; a group command's many rows go in a few statements. */
  insert(commands: readonly Command[]): Promise<void> {
    return this.#writes.run(async () => {
      await this.connection.run('BEGIN TRANSACTION');
      try {
        for (let first = 0; first < commands.length; first += rowsPerInsert) {
          const chunk = commands.slice(first, first + rowsPerInsert);
          const params: Record<string, string | number | null> = {};
          const rows = chunk.map((command, row) => {
            for (const [name, value] of Object.entries(bound(command))) params[`${name}${row}`] = value;
            return `(${values.replaceAll(/\$(\w+)/g, (_placeholder, name: string) => `$${name}${row}`)})`;
          });
          await this.connection.run(`INSERT INTO commands (${columns}) VALUES ${rows.join(', ')}`, params);
        }
        await this.connection.run('COMMIT');
      } catch (error) {
        await this.connection.run('ROLLBACK');
        throw error;
      }
    });
  }

  update(command: Command): Promise<boolean> {
    return this.#writes.run(async () => {
      const before = statesBefore(command.state).map((state) => `'${state}'`).join(', ');
      const sql = `UPDATE commands SET state = $state, sent_at = $sentAt, done_at = $doneAt, detail = $detail WHERE id = $id AND state IN (${before}) RETURNING id`;
      const reader = await this.connection.runAndReadAll(sql, { id: command.id, state: command.state, sentAt: command.sentAt, doneAt: command.doneAt, detail: command.detail });
      return reader.currentRowCount === 1;
    });
  }

  async close(): Promise<void> {
    await this.#writes.settled();
    this.connection.closeSync();
  }
}
