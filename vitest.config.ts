import { defineConfig } from 'vitest/config';

const unit = (name: string) => ({
  test: { name, root: `./${name}`, include: ['src/**/*.test.ts', 'src/**/*.test.tsx'], environment: 'node' as const },
});

export default defineConfig({
  test: {
    projects: [
      unit('contracts'),
      unit('broker'),
      unit('ingest'),
      unit('api'),
      unit('simulators'),
      unit('platform'),
      unit('dashboard'),
      {
        test: {
          name: 'tests',
          root: './tests',
          include: ['**/*.test.ts'],
          exclude: ['**/node_modules/**'],
          testTimeout: 120_000,
          hookTimeout: 120_000,
          // End-to-end suites start whole platforms and child processes: run files one at a time
          // so two cores are not oversubscribed.
          pool: 'forks' as const,
          poolOptions: { forks: { singleFork: true } },
          // That one process keeps the modules it loaded from file to file instead of evaluating the
          // workspace's sources again for each (about a second a file on two cores). The suites hold no
          // state in modules: each starts and stops its own platforms, browsers and folders.
          isolate: false,
        },
      },
    ],
  },
});
