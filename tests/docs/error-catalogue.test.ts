import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { apiErrors } from '@kendali/api';
import { brokerErrors } from '@kendali/broker';
import { rejectionCodes } from '@kendali/contracts';
import { ingestErrors } from '@kendali/ingest';
import { simulatorErrorCodes } from '@kendali/simulators';
import { repoRoot } from '@kendali/test-support';

// Every error code is documented, and every documented code exists (as Fastify checks its own
// errors against its docs): a code renamed in one place and not the other fails here.
const readme = readFileSync(join(repoRoot, 'README.md'), 'utf8');

/** The codes in the README's tables (rows that start with a code), by the `##` section they are in. */
function documentedCodes(): Map<string, Set<string>> {
  const sections = new Map<string, Set<string>>();
  let section = '';
  for (const line of readme.split('\n')) {
    if (line.startsWith('## ')) section = line.slice(3).trim();
    const code = /^\| `(KENDALI_ERR_[A-Z_]+)` \|/.exec(line)?.[1];
    if (code === undefined) continue;
    if (!sections.has(section)) sections.set(section, new Set());
    sections.get(section)!.add(code);
  }
  return sections;
}

/** Every `KENDALI_ERR_…` the product's source names (tests and benchmarks left out). */
function codesInSource(): Set<string> {
  const codes = new Set<string>();
  const walk = (dir: string) => {
    for (const name of readdirSync(dir)) {
      const path = join(dir, name);
      if (name === 'node_modules' || name === 'dist') continue;
      if (statSync(path).isDirectory()) walk(path);
      else if (/\.tsx?$/.test(name) && !/\.test\.tsx?$/.test(name)) for (const match of readFileSync(path, 'utf8').matchAll(/KENDALI_ERR_[A-Z_]+[A-Z]/g)) codes.add(match[0]);
    }
  };
  for (const pkg of ['contracts', 'broker', 'ingest', 'api', 'dashboard', 'simulators', 'platform']) walk(join(repoRoot, pkg, 'src'));
  return codes;
}

const catalogues = [
  { name: 'rejections (contracts)', codes: Object.keys(rejectionCodes), section: 'What a device sends' },
  { name: 'API (api)', codes: Object.keys(apiErrors), section: 'HTTP API' },
  { name: 'broker', codes: Object.keys(brokerErrors), section: 'What a device sends' },
  { name: 'simulators', codes: Object.keys(simulatorErrorCodes), section: 'Simulators alone' },
  { name: 'core (ingest)', codes: Object.keys(ingestErrors), section: 'Errors the core reports' },
];

describe('error codes and the README', () => {
  const documented = documentedCodes();

  it.each(catalogues)('documents every code of the $name catalogue in "$section"', ({ codes, section }) => {
    const missing = codes.filter((code) => !documented.get(section)?.has(code));
    expect(missing, `add a row for each to the README's "${section}" tables`).toEqual([]);
  });

  it('documents every code the source uses, and documents no code the source lacks', () => {
    const inSource = codesInSource();
    const everywhere = new Set([...documented.values()].flatMap((codes) => [...codes]));
    expect([...inSource].filter((code) => !everywhere.has(code)).sort(), 'used in the source but in no README table').toEqual([]);
    expect([...everywhere].filter((code) => !inSource.has(code)).sort(), 'in a README table but nowhere in the source').toEqual([]);
  });

  it('keeps each section exactly as its catalogues: no stale rows', () => {
    for (const section of new Set(catalogues.map((c) => c.section))) {
      const defined = new Set(catalogues.filter((c) => c.section === section).flatMap((c) => c.codes));
      const stale = [...(documented.get(section) ?? [])].filter((code) => !defined.has(code));
      expect(stale, `rows in "${section}" that no catalogue of that section defines`).toEqual([]);
    }
  });
});
