import type { Command } from '@kendali/contracts';
import { commandColumns, rowToCommand, statesBefore, type CommandQuery, type CommandStore } from '../commands/command-store';
import type { SharedDatabase } from './shared-database';

const rowsPerInsert = 500; // rows bound in one INSERT: 12 values each, far below PostgreSQL's 65,535 parameters

const commandValues = (command: Command) => [
  command.id,
  command.deviceId,
  command.kind,
  command.name,
  JSON.stringify(command.params),
  command.state,
  command.createdAt,
  command.createdBy,
  command.sentAt,
  command.doneAt,
  command.expiresAt,
  command.detail,
];

/**
 * Commands in the shared PostgreSQL database, so that any api node records a device's answer to
 * a command another node issued, and every node lists the same commands.
 */
export class PostgresCommandStore implements CommandStore {
  constructor(private readonly database: SharedDatabase) {}

  async waiting(): Promise<Command[]> {
    const { rows } = await this.database.pool.query(`SELECT ${commandColumns} FROM commands WHERE state IN ('queued', 'sent') ORDER BY created_at, id`);
    return rows.map(rowToCommand);
  }

  async query(query: CommandQuery): Promise<Command[]> {
    const where: string[] = [];
    const params: unknown[] = [];
    if (query.deviceId !== undefined) where.push(`device_id = $${params.push(query.deviceId)}`);
    if (query.state !== undefined) where.push(`state = $${params.push(query.state)}`);
    const sql = `SELECT ${commandColumns} FROM commands ${where.length ? `WHERE ${where.join(' AND ')}` : ''} ORDER BY created_at DESC, id DESC LIMIT $${params.push(query.limit)}`;
    return (await this.database.pool.query(sql, params)).rows.map(rowToCommand);
  }

  async get(id: string): Promise<Command | undefined> {
    const row = (await this.database.pool.query(`SELECT ${commandColumns} FROM commands WHERE id = $1`, [id])).rows[0] as Record<string, unknown> | undefined;
    return row === undefined ? undefined : rowToCommand(row);
  }

  async insert(commands: readonly Command[]): Promise<void> {
    await this.database.transaction(async (client) => {
      for (let first = 0; first < commands.length; first += rowsPerInsert) {
        const params: unknown[] = [];
        const rows = commands.slice(first, first + rowsPerInsert).map((command) => `(${commandValues(command).map((value) => `$${params.push(value)}`).join(', ')})`);
        await client.query(`INSERT INTO commands (${commandColumns}) VALUES ${rows.join(', ')}`, params);
      }
    });
  }

  async update(command: Command): Promise<boolean> {
    const { rowCount } = await this.database.pool.query('UPDATE commands SET state = $2, sent_at = $3, done_at = $4, detail = $5 WHERE id = $1 AND state = ANY($6)', [
      command.id,
      command.state,
      command.sentAt,
      command.doneAt,
      command.detail,
      [...statesBefore(command.state)],
    ]);
    return rowCount === 1;
  }

  async close(): Promise<void> {
    // The pool is the shared database's, closed with it.
  }
}
