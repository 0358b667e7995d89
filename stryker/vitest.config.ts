import { defineConfig, mergeConfig } from 'vitest/config';
import base from '../vitest.config.ts';

// The unit config for mutation runs. A module whose tests need no database (stryker/modules.mjs,
// `db: false`) skips the global setup that seeds the demo databases, which is most of a short run.
const pure = process.env.LIANXIN_MUTATE_DB === 'no';
export default pure ? mergeConfig(base, defineConfig({ test: { globalSetup: [] } }), false) : base;
