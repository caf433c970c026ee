import { availableParallelism } from 'node:os';
import { defineConfig } from 'vitest/config';

export default defineConfig({
  resolve: { alias: { '@': new URL('./', import.meta.url).pathname } },
  test: {
    include: [
      'lib/**/*.test.ts',
      'scripts/**/*.test.ts',
      'agent/**/*.test.ts',
      'indexer/**/*.test.ts',
      'test/**/*.test.ts',
    ],
    environment: 'node',
    testTimeout: 60_000,
    hookTimeout: 120_000,
    pool: 'forks',
    // Vitest's default is one worker per core less one: a single worker on a 2-core machine. The long
    // files here are integration tests that mostly wait on their child processes (anvil, the market
    // driver, the indexer), so two at once roughly halve the step (2 cores: 422 s → 261 s, all passing).
    maxWorkers: Math.max(2, availableParallelism() - 1),
    setupFiles: ['test/fast-check-setup.ts'],
  },
});
