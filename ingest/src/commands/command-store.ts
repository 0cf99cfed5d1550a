import type { Command, CommandState } from '@kendali/contracts';

export const commandColumns = 'id, device_id, kind, name, params, state, created_at, created_by, sent_at, done_at, expires_at, detail';

const num = (value: unknown) => (value === null || value === undefined ? null : Number(value));

export function rowToCommand(row: Record<string, unknown>): Command {
  return {
    id: String(row.id),
    deviceId: String(row.device_id),
    kind: String(row.kind),
    name: String(row.name),
    params: JSON.parse(String(row.params)) as Command['params'],
    state: String(row.state) as CommandState,
    createdAt: Number(row.created_at),
    createdBy: String(row.created_by),
    sentAt: num(row.sent_at),
    doneAt: num(row.done_at),
    expiresAt: Number(row.expires_at),
    detail: row.detail === null || row.detail === undefined ? null : String(row.detail),
  };
}

export interface CommandQuery {
  readonly deviceId?: string;
  readonly state?: CommandState;
  readonly limit: number;
}

/**
 * Where commands and their states are kept: the embedded file for a node alone, PostgreSQL for
 * nodes that share them (a command issued on one node is answered through another).
 */
export interface CommandStore {
  /** Commands still waiting: queued or sent, expired or not, oldest first. */
  waiting(): Promise<Command[]>;
  /** Newest first. */
  query(query: CommandQuery): Promise<Command[]>;
  get(id: string): Promise<Command | undefined>;
  /** Stores new commands, all or none. */
  insert(commands: readonly Command[]): Promise<void>;
  /**
   * Records a command's new state if the stored one still allows it, and says whether it did: a
   * command becomes `sent` only from `queued`, and settles (done, failed, expired) only from
   * `queued` or `sent`. So an answer and an expiry, or two nodes expiring it, settle it once.
   */
  update(command: Command): Promise<boolean>;
  close(): Promise<void>;
}

/** The states a command may be in for `next` to be recorded over it. */
export const statesBefore = (next: CommandState): readonly CommandState[] => (next === 'sent' ? ['queued'] : ['queued', 'sent']);
