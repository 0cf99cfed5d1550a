import type { Display } from '@kendali/contracts';
import type { PairingRow, PairingRows } from '../people/pairing-rows';
import type { SharedDatabase } from './shared-database';

function rowToPairing(row: Record<string, unknown>): PairingRow {
  return {
    code: String(row.code),
    pollIdHash: String(row.poll_id_hash),
    sealKey: String(row.seal_key),
    expiresAt: Number(row.expires_at),
    paired: row.sealed_credential === null ? null : { sealedCredential: String(row.sealed_credential), display: row.display as Display },
  };
}

/**
 * Wall pairings in the shared PostgreSQL database: any node answers a wall's poll and any node
 * confirms its code. Claims and hand-overs are single statements, so two nodes never both win one.
 */
export class PostgresPairingRows implements PairingRows {
  constructor(private readonly database: Pick<SharedDatabase, 'pool'>) {}

  async count(now: number): Promise<number> {
    const { rows } = await this.database.pool.query<{ waiting: string }>('SELECT count(*) AS waiting FROM display_pairings WHERE expires_at > $1', [now]);
    return Number(rows[0]?.waiting ?? 0);
  }

  async insert(row: PairingRow, now: number): Promise<boolean> {
    // An expired pairing holding the code is replaced; a live one keeps it.
    const { rowCount } = await this.database.pool.query(
      `INSERT INTO display_pairings (code, poll_id_hash, seal_key, expires_at) VALUES ($1, $2, $3, $4)
       ON CONFLICT (code) DO UPDATE SET poll_id_hash = EXCLUDED.poll_id_hash, seal_key = EXCLUDED.seal_key, expires_at = EXCLUDED.expires_at,
         confirming = false, sealed_credential = NULL, display = NULL
       WHERE display_pairings.expires_at <= $5`,
      [row.code, row.pollIdHash, row.sealKey, row.expiresAt, now],
    );
    return rowCount === 1;
  }

  async byPollIdHash(pollIdHash: string, now: number): Promise<PairingRow | undefined> {
    const { rows } = await this.database.pool.query('SELECT * FROM display_pairings WHERE poll_id_hash = $1 AND expires_at > $2', [pollIdHash, now]);
    const row = rows[0] as Record<string, unknown> | undefined;
    return row === undefined ? undefined : rowToPairing(row);
  }

  async claim(code: string, now: number): Promise<PairingRow | undefined> {
    const { rows } = await this.database.pool.query(
      'UPDATE display_pairings SET confirming = true WHERE code = $1 AND expires_at > $2 AND NOT confirming AND sealed_credential IS NULL RETURNING *',
      [code, now],
    );
    const row = rows[0] as Record<string, unknown> | undefined;
    return row === undefined ? undefined : rowToPairing(row);
  }

  async unclaim(code: string): Promise<void> {
    await this.database.pool.query('UPDATE display_pairings SET confirming = false WHERE code = $1', [code]);
  }

  async pair(code: string, paired: NonNullable<PairingRow['paired']>, expiresAt: number): Promise<void> {
    await this.database.pool.query('UPDATE display_pairings SET sealed_credential = $2, display = $3, expires_at = $4, confirming = false WHERE code = $1', [
      code,
      paired.sealedCredential,
      JSON.stringify(paired.display),
      expiresAt,
    ]);
  }

  async take(pollIdHash: string, now: number): Promise<PairingRow | undefined> {
    const { rows } = await this.database.pool.query('DELETE FROM display_pairings WHERE poll_id_hash = $1 AND expires_at > $2 AND sealed_credential IS NOT NULL RETURNING *', [
      pollIdHash,
      now,
    ]);
    const row = rows[0] as Record<string, unknown> | undefined;
    return row === undefined ? undefined : rowToPairing(row);
  }

  async removeExpired(now: number): Promise<void> {
    await this.database.pool.query('DELETE FROM display_pairings WHERE expires_at <= $1', [now]);
  }
}
