import { fileURLToPath } from 'node:url';
import { defineConfig } from 'vitest/config';
import base from '../../../vitest.config.js';

/** `pnpm fuzz`: the long fuzz run only, with the workspace's resolution settings. */
export default defineConfig({
  ...base,
  root: fileURLToPath(new URL('../../../', import.meta.url)),
  test: {
    ...base.test,
    include: ['tests/security/fuzz/**/*.fuzz.ts'],
    testTimeout: 3_600_000,
  },
});
