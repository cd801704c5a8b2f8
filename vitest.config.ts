import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['test/**/*.test.ts'],
    testTimeout: 60_000,
    hookTimeout: 120_000,
    // Integration suites each start their own moto_server / PostgreSQL database; two cores.
    pool: 'forks',
    maxWorkers: 2,
  },
});
