import { describe, expect, it } from 'vitest';
import { ingestClientId, maxIngestConnections } from './ingest-connections';

describe('ingestClientId', () => {
  it('keeps the node id for the first connection, so a worker that had one resumes its session, and numbers the others from 2 with a sign no node id holds', () => {
    expect(ingestClientId('ingest-1', 1)).toBe('ingest-1');
    expect(ingestClientId('ingest-1', 2)).toBe('ingest-1~2');
    expect(ingestClientId('ingest-1', maxIngestConnections)).toBe('ingest-1~64');
    const ids = Array.from({ length: maxIngestConnections }, (_, k) => ingestClientId('w', k + 1));
    expect(new Set(ids).size).toBe(maxIngestConnections);
  });

  it('refuses an index outside 1-64', () => {
    expect(() => ingestClientId('w', 0)).toThrow(RangeError);
    expect(() => ingestClientId('w', maxIngestConnections + 1)).toThrow(/outside 1-64/);
    expect(() => ingestClientId('w', 1.5)).toThrow(RangeError);
  });
});
