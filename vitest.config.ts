import { defineConfig } from 'vitest/config';

/**
 * `demo`: the files that read the demo database, which the project's global setup starts building in the background
 * at once (test/support/demo-setup.ts). `e2e`: the bot against the fake Discord, the chart worker processes and the
 * child-process smoke tests (the sources and the build). Everything else is `unit`: in-process, on virtual clocks.
 */
const DEMO = [
  'test/demo/**/*.test.ts',
  'test/commands/commands.test.ts',
  'test/bot/real-commands.test.ts',
  'test/bot/operations.test.ts',
  'test/bot/shards.test.ts',
];
const E2E = [
  'test/bot/main.test.ts',
  'test/bot/built.test.ts',
  'test/bot/http-hosts.test.ts',
  'test/cli/backup.test.ts',
  'test/render/charts/pool.test.ts',
];

/** Files named *.pg.test.ts run against a throwaway PostgreSQL cluster, one per run (test/support/postgres-setup.ts). */
const POSTGRES = ['test/**/*.pg.test.ts'];

export default defineConfig({
  test: {
    testTimeout: 20_000,
    hookTimeout: 20_000,
    pool: 'forks',
    projects: [
      { extends: true, test: { name: 'unit', include: ['test/**/*.test.ts'], exclude: [...DEMO, ...E2E, ...POSTGRES], isolate: false } },
      { extends: true, test: { name: 'demo', include: DEMO, globalSetup: ['test/support/demo-setup.ts'] } },
      { extends: true, test: { name: 'e2e', include: E2E } },
      { extends: true, test: { name: 'postgres', include: POSTGRES, globalSetup: ['test/support/postgres-setup.ts'] } },
    ],
  },
});
