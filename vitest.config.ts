import { availableParallelism } from 'node:os';
import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['test/**/*.test.ts'],
    // why: end-to-end tests start real servers (fake Discord, fake OpenAI) and real SQLite files
    testTimeout: 20_000,
    hookTimeout: 20_000,
    pool: 'forks',
    // why: vitest leaves one core free by default, which on a 2-core machine runs every file one after
    // another (215 s); two forks take 142 s. Larger machines keep vitest's default of cores - 1.
    maxWorkers: Math.max(2, availableParallelism() - 1),
    // One PostgreSQL server for the run (about a second to start); each test file makes its own database.
    globalSetup: ['./test/support/postgres-global.ts'],
    reporters: ['default', './test/support/summary-reporter.ts'],
  },
});
