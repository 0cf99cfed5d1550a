import { createHash } from 'node:crypto';
import type { AuditEntry } from '@kendali/contracts';

/** An entry before it is chained: what happened, by whom, when. */
export type AuditRecord = Omit<AuditEntry, 'seq' | 'prevHash' | 'hash'>;

/**
 * The hash of an entry: sha256 over its content and the hash before it, in a fixed order. A JSON
 * array keeps every value's boundaries, so no two different entries serialise alike.
 */
export function entryHash(entry: Omit<AuditEntry, 'hash'>): string {
  const content = [entry.seq, entry.at, entry.actor, entry.role, entry.address, entry.action, entry.target, entry.status, entry.summary, entry.prevHash];
  return createHash('sha256').update(JSON.stringify(content)).digest('hex');
}

/** The first break found walking a chain in order, or null while it holds. */
export function chainBreak(previous: { seq: number; hash: string }, entry: AuditEntry): string | null {
  // Entries are read in order of their number, which the table keeps unique: a jump is a deletion.
  if (entry.seq !== previous.seq + 1) {
    const first = previous.seq + 1;
    return `${entry.seq - 1 === first ? `entry ${first} is` : `entries ${first}-${entry.seq - 1} are`} missing: deleted from the log`;
  }
  if (entry.prevHash !== previous.hash) return `entry ${entry.seq} does not follow entry ${previous.seq}: one of them was replaced`;
  if (entryHash(entry) !== entry.hash) return `entry ${entry.seq} was changed after it was written: its content no longer matches its hash`;
  return null;
}
