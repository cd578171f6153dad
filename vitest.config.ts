import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['apps/*/src/**/*.test.ts', 'packages/*/src/**/*.test.ts', 'e2e/**/*.test.ts'],
    // A limit against hangs, not a speed check (benchmarks measure speed): on two busy cores one
    // buyer's face check takes 20–60 s, and a test that walks a buyer through it took over 60 s in CI.
    testTimeout: 180_000,
    hookTimeout: 180_000,
    pool: 'forks',
    maxWorkers: 2,
  },
});
