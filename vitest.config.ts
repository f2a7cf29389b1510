import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['test/**/*.test.ts'],
    reporters: ['default', './test/support/closingLineReporter.ts'],
    environment: 'node',
    testTimeout: 20_000,
    hookTimeout: 20_000,
    // Each file gets its own temp database and ports; two workers match the 2-core machine.
    pool: 'forks',
    maxWorkers: 2,
  },
});
