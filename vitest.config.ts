import { defineConfig } from 'vitest/config';

// Workspace packages resolve to their TypeScript sources through the
// "@foresight/source" export condition, so tests never need a build step
// except those that start a real process (CLI, server, worker threads).
export default defineConfig({
  resolve: { conditions: ['@foresight/source'] },
  test: {
    include: ['packages/*/test/**/*.test.ts', 'apps/*/test/**/*.test.ts', 'tests/**/*.test.ts'],
    testTimeout: 60_000,
    hookTimeout: 60_000,
  },
});
