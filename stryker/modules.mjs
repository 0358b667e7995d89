// The guard modules under mutation testing (issue #21): for each, the files Stryker mutates and
// the test files that must kill the mutants. `npm run mutate -- <module>` runs one of them.
// `mutate` is scoped to the guard code itself (a file, or a line range of one, `file:from-to`),
// so a run takes minutes on a shared two-core machine, not hours.

/** @type {Record<string, { mutate: string[]; tests: string[] }>} */
export const MODULES = {
  tally: {
    mutate: ['packages/tally/src/tally.ts', 'packages/tally/src/area.ts'],
    tests: ['packages/tally/src/*.test.ts'],
  },
};
