// StrykerJS configuration shared by every guard module; the module comes from LIANXIN_MUTATE
// (set by scripts/mutate.js). The report: bench/results/mutation.md.
import { MODULES } from './modules.mjs';

const name = process.env.LIANXIN_MUTATE ?? '';
const mod = MODULES[name];
if (!mod) throw new Error(`unknown mutation module "${name}"; one of: ${Object.keys(MODULES).join(', ')}`);

/** @type {import('@stryker-mutator/api/core').PartialStrykerOptions} */
export default {
  testRunner: 'vitest',
  vitest: { configFile: 'stryker/vitest.config.ts', related: false },
  // The test files are not given to Stryker as `testFiles`: with a global test filter Stryker 9.6.1
  // activates static mutants (module-level constants such as the GRANTABLE table) only after the
  // module has loaded, so they survive every test (stryker-js issue #6144). The Vitest config of
  // the run (stryker/vitest.config.ts) includes just the module's test files instead.
  mutate: mod.mutate,
  // Two cores shared with other work: one test process at a time.
  concurrency: 1,
  coverageAnalysis: 'perTest',
  // Static mutants run too, each in a fresh test environment loaded with the mutant active.
  ignoreStatic: false,
  incremental: true,
  incrementalFile: `bench/results/stryker-incremental/${name}.json`,
  reporters: ['clear-text', 'progress', 'json'],
  jsonReporter: { fileName: `test-results/mutation/${name}.json` },
  clearTextReporter: { allowColor: false, logTests: false, reportScoreTable: true, reportMutants: true },
  thresholds: { high: 90, low: 80, break: null },
  timeoutMS: 20_000,
  // The sandbox needs the sources and tests, not the screenshots and results.
  ignorePatterns: ['e2e/artifacts', 'e2e/screenshots', 'bench/results', 'test-results', 'docs', 'dist', 'data'],
  // TypeScript 7 (tsgo) has no JavaScript API, so Stryker must not parse tsconfig.json to rewrite
  // its paths (nothing in it points outside the sandbox); for the same reason the TypeScript
  // checker plugin is not used: vitest's esbuild transform does not type-check either.
  tsconfigFile: 'stryker/no-tsconfig.json',
  tempDirName: '.stryker-tmp',
  cleanTempDir: true,
};
