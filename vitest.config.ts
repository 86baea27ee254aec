import { defineConfig } from 'vitest/config';

// Workspace packages resolve to their TypeScript sources through the
// "@foresight/source" export condition, so tests never run stale builds;
// only suites that start a real process (the CLI binary) need `pnpm build`.
// Vite's default server conditions, with ours first.
const conditions = ['@foresight/source', 'module', 'node', 'development|production'];

export default defineConfig({
  resolve: { conditions },
  ssr: { resolve: { conditions, externalConditions: ['@foresight/source'] } },
  test: {
    include: ['packages/*/test/**/*.test.ts', 'apps/*/test/**/*.test.ts', 'tests/**/*.test.ts'],
    testTimeout: 60_000,
    hookTimeout: 60_000,
  },
});
