import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['test/**/*.test.ts'],
    // why: end-to-end tests start real servers (fake Discord, fake OpenAI) and real SQLite files
    testTimeout: 20_000,
    hookTimeout: 20_000,
    pool: 'forks',
    // One PostgreSQL server for the run (about a second to start); each test file makes its own database.
    globalSetup: ['./test/support/postgres-global.ts'],
    reporters: ['default', './test/support/summary-reporter.ts'],
  },
});
