import { fileURLToPath } from 'node:url';
import { defineConfig } from 'vitest/config';
import base from '../../../vitest.config.js';

/** `pnpm conformance`: the SDXorg suite's report, with the workspace's resolution settings. */
export default defineConfig({
  ...base,
  root: fileURLToPath(new URL('../../../', import.meta.url)),
  test: {
    ...base.test,
    include: ['tests/conformance/sdx/**/*.conformance.ts'],
  },
});
