import { defineConfig } from 'vitest/config';

/**
 * End to end: the demo database (built once per run, test/support/demo-db.ts), the bot against the fake Discord, the
 * chart worker processes and the child-process smoke tests. Everything else is `unit`: in-process, on virtual clocks.
 */
const E2E = [
  'test/demo/**/*.test.ts',
  'test/commands/commands.test.ts',
  'test/bot/real-commands.test.ts',
  'test/bot/main.test.ts',
  'test/bot/built.test.ts',
  'test/render/charts/pool.test.ts',
];

export default defineConfig({
  test: {
    testTimeout: 20_000,
    hookTimeout: 20_000,
    pool: 'forks',
    projects: [
      { extends: true, test: { name: 'unit', include: ['test/**/*.test.ts'], exclude: E2E, isolate: false } },
      { extends: true, test: { name: 'e2e', include: E2E, globalSetup: ['test/support/demo-setup.ts'] } },
    ],
  },
});
