import { configDefaults, defineConfig } from 'vitest/config';

// Runs deploy/Dockerfile's steps (npm ci twice, a build): a minute or two of both cores, so it
// runs after everything else instead of starving the time-bounded tests beside it.
const DOCKERFILE_TEST = 'test/deploy/dockerfile.test.ts';

export default defineConfig({
  test: {
    reporters: ['default', './test/support/closingLineReporter.ts'],
    environment: 'node',
    testTimeout: 20_000,
    hookTimeout: 20_000,
    // Each file gets its own temp database and ports; two workers match the 2-core machine.
    pool: 'forks',
    maxWorkers: 2,
    projects: [
      {
        extends: true,
        test: {
          name: 'suite',
          include: ['test/**/*.test.ts'],
          exclude: [...configDefaults.exclude, DOCKERFILE_TEST],
          sequence: { groupOrder: 0 },
        },
      },
      { extends: true, test: { name: 'dockerfile', include: [DOCKERFILE_TEST], sequence: { groupOrder: 1 } } },
    ],
  },
});
