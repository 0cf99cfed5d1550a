import { describe, expect, it } from 'vitest';
import type { ImportReport } from '@kendali/contracts';
import { credentialsCsv, importContentType, summariseImport } from './import-report';

const report = (over: Partial<ImportReport> = {}): ImportReport => ({
  dryRun: true,
  valid: 2,
  toCreate: ['wl-1'],
  toUpdate: ['wl-2'],
  problems: [],
  credentials: [],
  ...over,
});

describe('summariseImport', () => {
  it('says a clean dry run is ready, with what it would create and update', () => {
    expect(summariseImport(report())).toMatchObject({ verdict: 'ready', valid: 2, create: 1, update: 1, problems: [] });
  });

  it('lists every problem by line number', () => {
    const summary = summariseImport(
      report({
        problems: [
          { line: 7, id: 'x', message: 'unknown kind "pump"' },
          { line: 3, id: null, message: 'id missing' },
        ],
      }),
    );
    expect(summary.verdict).toBe('problems');
    expect(summary.problems.map((p) => p.line)).toEqual([3, 7]);
  });

  it('tells an import that went through from one refused whole', () => {
    expect(summariseImport(report({ dryRun: false, credentials: [{ id: 'wl-1', secret: 's' }] })).verdict).toBe('imported');
    expect(summariseImport(report({ dryRun: false, problems: [{ line: 2, id: 'a', message: 'bad' }] })).verdict).toBe('refused');
  });

  it('calls a file without rows empty', () => {
    expect(summariseImport(report({ valid: 0, toCreate: [], toUpdate: [] })).verdict).toBe('empty');
  });
});

describe('import helpers', () => {
  it('tells JSON from CSV', () => {
    expect(importContentType('  [{"id":"a"}]')).toBe('application/json');
    expect(importContentType('id,kind,name\n')).toBe('text/csv');
  });

  it('writes credentials as CSV, quoting where needed', () => {
    expect(credentialsCsv([{ id: 'wl-1', secret: 'ab"c' }, { id: 'wl-2', secret: 'x,y' }])).toBe('id,secret\r\nwl-1,"ab""c"\r\nwl-2,"x,y"\r\n');
  });
});
