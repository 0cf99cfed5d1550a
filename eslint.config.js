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
  deploy: ['contracts'],
  'test-support': ['contracts', 'broker', 'ingest', 'api', 'simulators', 'platform'],
  tests: ['contracts', 'broker', 'ingest', 'api', 'simulators', 'platform', 'test-support', 'deploy'],
  bench: ['contracts', 'broker', 'ingest', 'api', 'simulators', 'platform', 'test-support'],
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

/**
 * Time comes from the one injected Clock (contracts' clock.ts), so tests can fix it and nothing
 * depends on today's date; times of day are read in the city's zone (contracts' city-time.ts),
 * never the machine's. The composition root (platform/), tests and benchmarks may read the real clock.
 */
const clockRules = {
  files: ['{contracts,broker,ingest,api,simulators,dashboard}/**/*.{ts,tsx}'],
  ignores: ['**/*.test.{ts,tsx}', 'contracts/src/clock.ts'],
  rules: {
    'no-restricted-syntax': [
      'error',
      {
        selector: "MemberExpression[object.name='Date'][property.name='now']",
        message: 'Do not read the real clock here: take the time from the injected Clock (clock.now()).',
      },
      {
        selector: "NewExpression[callee.name='Date'][arguments.length=0]",
        message: 'new Date() reads the real clock: take the time from the injected Clock (new Date(clock.now())).',
      },
      {
        selector:
          "CallExpression[callee.property.name=/^(getHours|getMinutes|getDay|getDate|getMonth|getFullYear|getTimezoneOffset|setHours|setMinutes|setDate|toLocaleDateString|toLocaleTimeString)$/]",
        message: "This reads the machine's time zone: use the city's zone (City.zone with hourOfDay, wallClockMs in contracts' city-time.ts, or Intl.DateTimeFormat with timeZone).",
      },
    ],
  },
};

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
  clockRules,
);
