// @ts-check
import js from '@eslint/js';
import tseslint from 'typescript-eslint';

/**
 * Import boundaries between the parts (docs/architecture.md, "The parts"): each package may import only the
 * packages listed for it, and only through their public entry; relative paths never leave a package.
 */
const allowed = {
  contracts: [],
  broker: ['contracts'],
  ingest: ['contracts'],
  api: ['contracts', 'ingest'],
  dashboard: ['contracts'],
  simulators: ['contracts'],
  platform: ['contracts', 'broker', 'ingest', 'api', 'simulators'],
  tests: ['contracts', 'broker', 'ingest', 'api', 'simulators', 'platform'],
  bench: ['contracts', 'broker', 'ingest', 'api', 'simulators', 'platform'],
};
const packages = Object.keys(allowed);

const boundaries = Object.entries(allowed).map(([pkg, deps]) => ({
  files: [`${pkg}/**/*.{ts,tsx}`],
  rules: {
    'no-restricted-imports': [
      'error',
      {
        patterns: [
          {
            group: packages.filter((p) => p !== pkg && !deps.includes(p)).map((p) => `@kendali/${p}`),
            message: `${pkg} may import only: ${deps.join(', ') || 'nothing of ours'} (docs/architecture.md, The parts).`,
          },
          {
            group: ['@kendali/*/*'],
            message: 'Import another package through its public entry only.',
          },
          {
            group: packages.map((p) => `**/${p}/src/**`),
            message: 'Relative imports must not reach into another package; use @kendali/<name>.',
          },
        ],
      },
    ],
  },
}));

export default tseslint.config(
  { ignores: ['**/node_modules/**', '**/dist/**', 'data/**', 'tests/artifacts/**'] },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  {
    languageOptions: { parserOptions: { ecmaVersion: 2023, sourceType: 'module' } },
    rules: {
      '@typescript-eslint/consistent-type-imports': 'error',
      '@typescript-eslint/no-explicit-any': 'error',
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_' }],
      'no-console': 'off',
    },
  },
  ...boundaries,
);
