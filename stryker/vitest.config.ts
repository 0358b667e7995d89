import { defineConfig } from 'vitest/config';
import base from '../vitest.config.ts';
import { MODULES } from './modules.mjs';

// The unit config for mutation runs: just the test files of the module under test
// (stryker/modules.mjs; see stryker.config.mjs for why they are not Stryker's `testFiles`).
// A module whose tests need no database (`db: false`) skips the global setup that seeds the demo
// databases, which is most of a short run. (Not `mergeConfig`: it would append to `include`.)
const mod = MODULES[process.env.LIANXIN_MUTATE ?? ''];
if (!mod) throw new Error('LIANXIN_MUTATE names no module of stryker/modules.mjs');
export default defineConfig({
  ...base,
  test: { ...base.test, include: mod.tests, ...(mod.db === false ? { globalSetup: [] } : {}) },
});
