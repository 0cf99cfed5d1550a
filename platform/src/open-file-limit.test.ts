import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { openFileLimit, simulatedFleetFileProblem } from './open-file-limit';

const limits = (soft: string) => `Limit                     Soft Limit           Hard Limit           Units
Max processes             95859                95859                processes
Max open files            ${soft}                20000                files
Max locked memory         8388608              8388608              bytes
`;

describe('the open-file limit and the built-in fleet', () => {
  it('reads the soft limit from a limits file, and says nothing where there is none', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'kendali-limits-'));
    try {
      await writeFile(join(dir, 'limits'), limits('20000'));
      expect(openFileLimit(join(dir, 'limits'))).toBe(20_000);
      await writeFile(join(dir, 'limits'), limits('unlimited'));
      expect(openFileLimit(join(dir, 'limits'))).toBe(Number.POSITIVE_INFINITY);
      expect(openFileLimit(join(dir, 'missing'))).toBeUndefined();
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  });

  it('refuses a fleet that cannot fit, naming the setting, the most that fits and the other ways out', () => {
    expect(simulatedFleetFileProblem(200, 1024)).toBeUndefined();
    expect(simulatedFleetFileProblem(9_872, 20_000)).toBeUndefined();
    expect(simulatedFleetFileProblem(10_000, undefined)).toBeUndefined();
    const problem = simulatedFleetFileProblem(10_000, 20_000);
    expect(problem).toMatch(/^KENDALI_SIMULATE_DEVICES=10000: .* about 20256 open files .* limit \(ulimit -n\) is 20000\./);
    expect(problem).toContain('at most 9872');
    expect(problem).toContain('ulimit -n 65536');
    expect(problem).toContain('pnpm simulate -- --url');
  });
});
