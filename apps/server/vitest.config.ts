import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['src/**/*.test.ts', 'test/**/*.test.ts'],
    // Real servers, real DuckDB runs: a run takes about a second, so leave room on 2 cores.
    testTimeout: 30_000,
    hookTimeout: 30_000,
  },
});
